namespace Recorder.Sigma;

/// <summary>
/// Matches events against a set of compiled rules. Immutable and safe to share between threads; build it once per
/// rule set (<see cref="Build"/>) and swap the whole engine on reload. For each event it considers only the rules
/// whose logsource applies and, among those, only the rules whose required literals occur in the event (an index
/// over the literal values rules need), and it does not allocate per event.
/// </summary>
public sealed class SigmaEngine
{
    private SigmaEngine(IReadOnlyList<SigmaRule> rules) => Rules = rules;

    /// <summary>The rules, in the order given to <see cref="Build"/> (matches are reported in this order).</summary>
    public IReadOnlyList<SigmaRule> Rules { get; }

    public static SigmaEngine Build(IEnumerable<SigmaRule> rules) => new(rules.ToArray());

    /// <summary>
    /// Adds to <paramref name="matches"/> every rule whose logsource applies to <paramref name="source"/> and whose
    /// detection matches the event, in rule order.
    /// </summary>
    public void Match(in SigmaLogSourceKey source, ISigmaEventFields fields, List<SigmaRule> matches) =>
        throw new NotImplementedException();

    /// <summary>
    /// The same answer as <see cref="Match"/> without the index: every rule's logsource and detection checked
    /// against the event. The baseline for benchmarks and for tests of the index.
    /// </summary>
    public void NaiveMatch(in SigmaLogSourceKey source, ISigmaEventFields fields, List<SigmaRule> matches)
    {
        foreach (var rule in Rules)
            if (rule.LogSource.AppliesTo(source) && rule.Matches(fields)) matches.Add(rule);
    }
}

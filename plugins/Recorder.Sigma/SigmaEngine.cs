using System.Collections.Concurrent;
using Recorder.Sigma.Matching;

namespace Recorder.Sigma;

/// <summary>
/// Matches events against a set of compiled rules. Immutable and safe to share between threads; build it once per
/// rule set (<see cref="Build"/>) and swap the whole engine on reload.
/// <para>
/// For each event it considers only the rules whose logsource applies (<see cref="SigmaLogSource.AppliesTo"/>) and,
/// among those, only the rules whose required literals occur in the event: every rule gets a set of (field,
/// literal) anchors one of which any event it matches must contain, and one automaton per field finds all anchors
/// in a single pass over the field's text (keyword selections' literals in one pass over the event's keyword values).
/// Rules without anchors (conditions that can match through <c>not</c>, regular expressions only, ...) are always
/// evaluated. Matching does not allocate per event (apart
/// from what <see cref="ISigmaEventFields"/> and <c>|cidr</c> over IPv6 text do).
/// </para>
/// </summary>
public sealed class SigmaEngine
{
    private readonly ConcurrentDictionary<SigmaLogSourceKey, LogSourceRules> _byLogSource = new(LogSourceKeyComparer.Instance);

    private SigmaEngine(IReadOnlyList<SigmaRule> rules) => Rules = rules;

    /// <summary>The rules, in the order given to <see cref="Build"/> (matches are reported in this order).</summary>
    public IReadOnlyList<SigmaRule> Rules { get; }

    public static SigmaEngine Build(IEnumerable<SigmaRule> rules) => new(rules.ToArray());

    /// <summary>
    /// Adds to <paramref name="matches"/> every rule whose logsource applies to <paramref name="source"/> and whose
    /// detection matches the event, in rule order. The index for a logsource is built on its first event.
    /// </summary>
    public void Match(in SigmaLogSourceKey source, ISigmaEventFields fields, List<SigmaRule> matches) =>
        For(source).Match(fields, matches);

    /// <summary>
    /// The same answer as <see cref="Match"/> without the index: every rule's logsource and detection checked
    /// against the event. The baseline for benchmarks and for tests of the index.
    /// </summary>
    public void NaiveMatch(in SigmaLogSourceKey source, ISigmaEventFields fields, List<SigmaRule> matches)
    {
        foreach (var rule in Rules)
            if (rule.LogSource.AppliesTo(source) && rule.Matches(fields)) matches.Add(rule);
    }

    /// <summary>The rules that apply to events of <paramref name="source"/>, in rule order.</summary>
    public IReadOnlyList<SigmaRule> RulesFor(in SigmaLogSourceKey source) => For(source).Rules;

    /// <summary>
    /// How the index treats a logsource: its rules, how many of them every event must evaluate (no anchors), and
    /// the fields it scans. For diagnostics and the benchmark.
    /// </summary>
    public (int Rules, int AlwaysEvaluated, IReadOnlyList<string> IndexedFields) Describe(in SigmaLogSourceKey source)
    {
        var rules = For(source);
        return (rules.Rules.Count, rules.AlwaysEvaluatedCount, rules.IndexedFields.ToArray());
    }

    internal int CandidateCount(in SigmaLogSourceKey source, ISigmaEventFields fields) => For(source).CandidateCount(fields);

    internal IEnumerable<string> IndexSizes(in SigmaLogSourceKey source) => For(source).IndexSizes;

    /// <summary>The rules the index makes <see cref="Match"/> evaluate for this event (diagnostics; allocates).</summary>
    internal IReadOnlyList<SigmaRule> Candidates(in SigmaLogSourceKey source, ISigmaEventFields fields) => For(source).CandidateRules(fields);

    private LogSourceRules For(in SigmaLogSourceKey source) =>
        _byLogSource.TryGetValue(source, out var rules) ? rules : Add(source);

    // Apart from For: the lambda's closure would be allocated on entry, for every event, not only on the first.
    private LogSourceRules Add(SigmaLogSourceKey source) =>
        _byLogSource.GetOrAdd(source, new LogSourceRules(Rules.Where(r => r.LogSource.AppliesTo(source)).ToArray()));

    private sealed class LogSourceKeyComparer : IEqualityComparer<SigmaLogSourceKey>
    {
        public static readonly LogSourceKeyComparer Instance = new();
        private static readonly StringComparer Names = StringComparer.OrdinalIgnoreCase;

        public bool Equals(SigmaLogSourceKey x, SigmaLogSourceKey y) =>
            Names.Equals(x.Category, y.Category) && Names.Equals(x.Product, y.Product) && Names.Equals(x.Service, y.Service);

        public int GetHashCode(SigmaLogSourceKey key) =>
            HashCode.Combine(key.Category is null ? 0 : Names.GetHashCode(key.Category), key.Product is null ? 0 : Names.GetHashCode(key.Product),
                key.Service is null ? 0 : Names.GetHashCode(key.Service));
    }
}

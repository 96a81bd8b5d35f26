using Recorder.Plugins.Signals.Mapping;
using Recorder.Sigma;

namespace Recorder.Plugins.Signals.Rules;

/// <summary>A rule that matched an event, and the logsource the event was evaluated as.</summary>
internal readonly record struct RuleMatch(SigmaRule Rule, SigmaLogSourceKey LogSource);

/// <summary>
/// Runs one event through an engine: once per Sigma category the event's type belongs to, with the product of the OS
/// it was recorded on. Used by the live signals sink and by <c>recorder hunt</c>, so both answer alike. One instance
/// per thread (it reuses its buffers).
/// </summary>
internal sealed class SignalEvaluator
{
    private readonly RecorderSigmaFields _fields = new();
    private readonly List<SigmaRule> _matches = [];

    /// <summary>
    /// Adds the rules <paramref name="e"/> matches to <paramref name="found"/> (a rule once, even when two categories of
    /// the event apply to it); false when the event's type is not evaluated at all.
    /// </summary>
    public bool Evaluate(SigmaEngine engine, IEventFields e, List<RuleMatch> found)
    {
        var product = SigmaProducts.Of(e);
        var categories = SigmaCategories.Of(e, product);
        if (categories.Count == 0) return false;
        foreach (var category in categories)
        {
            _matches.Clear();
            var fields = _fields.Reset(e, category, product);
            engine.Match(fields.LogSource, fields, _matches);
            foreach (var rule in _matches)
                if (!found.Exists(m => ReferenceEquals(m.Rule, rule))) found.Add(new RuleMatch(rule, fields.LogSource));
        }
        return true;
    }
}

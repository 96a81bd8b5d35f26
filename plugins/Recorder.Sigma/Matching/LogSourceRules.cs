using System.Runtime.InteropServices;

namespace Recorder.Sigma.Matching;

/// <summary>
/// The rules that apply to one logsource, with their literal index: for each field some rule is anchored on, an
/// automaton over the anchors' literals. Matching an event scans those fields once, collects the rules whose
/// anchors occur plus the rules without anchors, and evaluates only those, in rule order.
/// </summary>
internal sealed class LogSourceRules
{
    private readonly SigmaRule[] _rules;
    private readonly (string Field, LiteralAutomaton Automaton)[] _fieldIndexes;
    private readonly int[] _alwaysEvaluated;

    [ThreadStatic] private static MatchScratch? _scratch;

    public LogSourceRules(IReadOnlyList<SigmaRule> rules)
    {
        _rules = [.. rules];
        var anchored = new Dictionary<string, List<(string, int)>>(StringComparer.OrdinalIgnoreCase);
        var always = new List<int>();
        for (var i = 0; i < _rules.Length; i++)
        {
            var anchors = Anchors.Of(_rules[i].Detection.Root);
            if (anchors is null || anchors.Count == 0)
            {
                always.Add(i);
                continue;
            }
            foreach (var anchor in anchors)
            {
                if (!anchored.TryGetValue(anchor.Field, out var literals)) anchored[anchor.Field] = literals = [];
                literals.Add((anchor.Literal, i));
            }
        }
        _fieldIndexes = anchored.Select(f => (f.Key, new LiteralAutomaton(f.Value))).ToArray();
        _alwaysEvaluated = [.. always];
    }

    public IReadOnlyList<SigmaRule> Rules => _rules;
    public int AlwaysEvaluatedCount => _alwaysEvaluated.Length;
    public IEnumerable<string> IndexedFields => _fieldIndexes.Select(f => f.Field);

    public void Match(ISigmaEventFields fields, List<SigmaRule> matches)
    {
        var scratch = _scratch ??= new MatchScratch();
        var candidates = new CandidateSink(scratch.Begin(_rules.Length));
        Span<char> buffer = stackalloc char[32];
        foreach (var (field, automaton) in _fieldIndexes)
        {
            if (!fields.TryGetValue(field, out var value)) continue;
            if (value.Kind == SigmaValueKind.StringList)
            {
                foreach (var item in value.AsStrings!) automaton.Scan(item, ref candidates);
                continue;
            }
            if (value.TryGetText(buffer, out var text)) automaton.Scan(text, ref candidates);
        }
        foreach (var rule in _alwaysEvaluated) candidates.Found(rule);

        var found = scratch.Candidates.AsSpan(0, scratch.Count);
        found.Sort();
        foreach (var rule in found)
            if (_rules[rule].Matches(fields)) matches.Add(_rules[rule]);
    }

    public void NaiveMatch(ISigmaEventFields fields, List<SigmaRule> matches)
    {
        foreach (var rule in _rules)
            if (rule.Matches(fields)) matches.Add(rule);
    }

    /// <summary>Per-thread buffers: which rules were already collected for this event (by event stamp), and in what order.</summary>
    private sealed class MatchScratch
    {
        public int[] Stamps = [];
        public int[] Candidates = [];
        public int Count;
        public int Stamp;

        public MatchScratch Begin(int ruleCount)
        {
            if (Stamps.Length < ruleCount)
            {
                Stamps = new int[ruleCount];
                Candidates = new int[ruleCount];
                Stamp = 0;
            }
            if (++Stamp == int.MaxValue)
            {
                Array.Clear(Stamps);
                Stamp = 1;
            }
            Count = 0;
            return this;
        }
    }

    [StructLayout(LayoutKind.Auto)]
    private readonly struct CandidateSink(MatchScratch scratch) : ILiteralSink
    {
        public void Found(int rule)
        {
            if (scratch.Stamps[rule] == scratch.Stamp) return;
            scratch.Stamps[rule] = scratch.Stamp;
            scratch.Candidates[scratch.Count++] = rule;
        }
    }
}

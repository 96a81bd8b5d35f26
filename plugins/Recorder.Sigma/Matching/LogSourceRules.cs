using System.Runtime.InteropServices;

namespace Recorder.Sigma.Matching;

/// <summary>
/// The rules that apply to one logsource, with their literal index: for each field some rule is anchored on, an
/// automaton over the anchors' literals. Matching an event scans those fields once, collects the rules whose
/// anchors occur (one of each of its anchor groups) plus the rules without anchors, and evaluates only those, in
/// rule order.
/// </summary>
internal sealed class LogSourceRules
{
    private readonly SigmaRule[] _rules;
    private readonly (string Field, LiteralAutomaton Automaton, bool Keywords)[] _fieldIndexes;
    private readonly int[] _alwaysEvaluated;
    private readonly int _outputIdCount;
    private readonly ulong[] _requiredGroups; // per rule, one bit per anchor group that must be found

    private const int MaxLiteralLength = 14;

    [ThreadStatic] private static MatchScratch? _scratch;

    public LogSourceRules(IReadOnlyList<SigmaRule> rules)
    {
        _rules = [.. rules];
        _requiredGroups = new ulong[_rules.Length];
        var anchored = new Dictionary<string, List<(string, int)>>(StringComparer.OrdinalIgnoreCase);
        var always = new List<int>();
        for (var i = 0; i < _rules.Length; i++)
        {
            var groups = Anchors.Of(_rules[i]);
            if (groups.Count == 0)
            {
                always.Add(i);
                continue;
            }
            _requiredGroups[i] = (1UL << groups.Count) - 1;
            for (var group = 0; group < groups.Count; group++)
                foreach (var anchor in groups[group])
                {
                    if (!anchored.TryGetValue(anchor.Field, out var literals)) anchored[anchor.Field] = literals = [];
                    // Any part of a required literal is required too; a bounded length keeps the automaton shallow.
                    var literal = anchor.Literal.Length > MaxLiteralLength ? anchor.Literal[^MaxLiteralLength..] : anchor.Literal;
                    literals.Add((literal, i * Anchors.MaxGroups + group));
                }
        }
        var indexes = new List<(string, LiteralAutomaton, bool)>();
        var outputIds = 0;
        foreach (var (field, literals) in anchored)
            foreach (var automaton in LiteralAutomaton.Create(literals, ref outputIds))
                indexes.Add((field, automaton, string.Equals(field, Anchors.KeywordField, StringComparison.Ordinal)));
        _fieldIndexes = [.. indexes];
        _outputIdCount = outputIds;
        _alwaysEvaluated = [.. always];
    }

    public IReadOnlyList<SigmaRule> Rules => _rules;
    public int AlwaysEvaluatedCount => _alwaysEvaluated.Length;
    public IEnumerable<string> IndexedFields => _fieldIndexes.Select(Display);
    public IEnumerable<string> IndexSizes => _fieldIndexes.Select(f => $"{Display(f)}: {f.Automaton.StateCount} states, {f.Automaton.TableBytes / 1024} KiB");

    private static string Display((string Field, LiteralAutomaton, bool Keywords) index) => index.Keywords ? "(keywords)" : index.Field;

    public void Match(ISigmaEventFields fields, List<SigmaRule> matches)
    {
        var found = Candidates(fields);
        foreach (var rule in found)
            if (_rules[rule].Matches(fields)) matches.Add(_rules[rule]);
    }

    public int CandidateCount(ISigmaEventFields fields) => Candidates(fields).Length;

    public IReadOnlyList<SigmaRule> CandidateRules(ISigmaEventFields fields)
    {
        var candidates = new List<SigmaRule>();
        foreach (var rule in Candidates(fields)) candidates.Add(_rules[rule]);
        return candidates;
    }

    /// <summary>The rules (by position) that may match: those whose anchors occur, and those without; sorted.</summary>
    private Span<int> Candidates(ISigmaEventFields fields)
    {
        var scratch = _scratch ??= new MatchScratch();
        var candidates = new CandidateSink(scratch.Begin(_rules.Length, _outputIdCount), _requiredGroups);
        Span<char> buffer = stackalloc char[32];
        foreach (var (field, automaton, keywords) in _fieldIndexes)
        {
            if (keywords)
            {
                // Keyword selections search every keyword value the event offers: their anchors are looked for in all.
                for (var i = 0; fields.TryGetKeywordValue(i, out var keywordValue); i++) Scan(automaton, keywordValue, ref candidates, buffer);
            }
            else if (fields.TryGetValue(field, out var value))
            {
                Scan(automaton, value, ref candidates, buffer);
            }
        }
        foreach (var rule in _alwaysEvaluated) scratch.Candidates[scratch.Count++] = rule;

        var found = scratch.Candidates.AsSpan(0, scratch.Count);
        found.Sort();
        return found;
    }

    private static void Scan(LiteralAutomaton automaton, SigmaValue value, ref CandidateSink candidates, Span<char> buffer)
    {
        if (value.Kind == SigmaValueKind.StringList)
        {
            foreach (var item in value.AsStrings!) automaton.Scan(item, ref candidates);
            return;
        }
        if (value.TryGetText(buffer, out var text)) automaton.Scan(text, ref candidates);
    }

    /// <summary>
    /// Per-thread buffers: for each rule the anchor groups found in this event (valid when its stamp is this event's),
    /// and the rules collected so far.
    /// </summary>
    private sealed class MatchScratch
    {
        public int[] Stamps = [];
        public ulong[] Found = [];
        public int[] Candidates = [];
        public int[] OutputStamps = [];
        public int Count;
        public int Stamp;

        public MatchScratch Begin(int ruleCount, int outputIdCount)
        {
            if (Stamps.Length < ruleCount || OutputStamps.Length < outputIdCount || Stamp == int.MaxValue)
            {
                Stamps = new int[Math.Max(ruleCount, Stamps.Length)];
                Found = new ulong[Stamps.Length];
                Candidates = new int[Stamps.Length];
                OutputStamps = new int[Math.Max(outputIdCount, OutputStamps.Length)];
                Stamp = 0;
            }
            Stamp++;
            Count = 0;
            return this;
        }
    }

    [StructLayout(LayoutKind.Auto)]
    private readonly struct CandidateSink(MatchScratch scratch, ulong[] requiredGroups) : ILiteralSink
    {
        public bool FirstSighting(int outputId)
        {
            if (scratch.OutputStamps[outputId] == scratch.Stamp) return false;
            scratch.OutputStamps[outputId] = scratch.Stamp;
            return true;
        }

        /// <summary>An anchor of group <c>value % MaxGroups</c> of rule <c>value / MaxGroups</c> occurs.</summary>
        public void Found(int value)
        {
            var rule = value / Anchors.MaxGroups;
            var bit = 1UL << (value % Anchors.MaxGroups);
            if (scratch.Stamps[rule] != scratch.Stamp)
            {
                scratch.Stamps[rule] = scratch.Stamp;
                scratch.Found[rule] = 0;
            }
            var before = scratch.Found[rule];
            if ((before & bit) != 0) return;
            scratch.Found[rule] = before | bit;
            if ((before | bit) == requiredGroups[rule]) scratch.Candidates[scratch.Count++] = rule;
        }
    }
}

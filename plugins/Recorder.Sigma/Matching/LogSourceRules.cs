using System.Runtime.InteropServices;

namespace Recorder.Sigma.Matching;

/// <summary>
/// The rules that apply to one logsource, with their literal index: for each field some rule is anchored on, an
/// automaton over the anchors' literals. Matching an event scans those fields once (two at a time), collects the rules whose
/// anchors occur (one of each of its anchor groups) plus the rules without anchors, and evaluates only those, in
/// rule order.
/// </summary>
internal sealed class LogSourceRules
{
    private readonly SigmaRule[] _rules;
    private readonly (string Field, LiteralAutomaton[] Automata, bool Keywords)[] _fieldIndexes;
    private readonly int[] _alwaysEvaluated;
    private readonly int _outputIdCount;
    private readonly byte[] _requiredGroups; // per rule, one bit per anchor group that must be found (Anchors.MaxGroups = 8)

    private const int MaxLiteralLength = 14;

    [ThreadStatic] private static MatchScratch? _scratch;

    public LogSourceRules(IReadOnlyList<SigmaRule> rules)
    {
        _rules = [.. rules];
        _requiredGroups = new byte[_rules.Length];
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
            _requiredGroups[i] = (byte)((1 << groups.Count) - 1);
            for (var group = 0; group < groups.Count; group++)
                foreach (var anchor in groups[group])
                {
                    if (!anchored.TryGetValue(anchor.Field, out var literals)) anchored[anchor.Field] = literals = [];
                    // Any part of a required literal is required too; a bounded length keeps the automaton shallow.
                    var literal = anchor.Literal.Length > MaxLiteralLength ? anchor.Literal[^MaxLiteralLength..] : anchor.Literal;
                    literals.Add((literal, i * Anchors.MaxGroups + group));
                }
        }
        var indexes = new List<(string, LiteralAutomaton[], bool)>();
        var outputIds = 0;
        foreach (var (field, literals) in anchored)
            indexes.Add((field, [.. LiteralAutomaton.Create(literals, ref outputIds)], string.Equals(field, Anchors.KeywordField, StringComparison.Ordinal)));
        _fieldIndexes = [.. indexes];
        _outputIdCount = outputIds;
        _alwaysEvaluated = [.. always];
    }

    public IReadOnlyList<SigmaRule> Rules => _rules;
    public int AlwaysEvaluatedCount => _alwaysEvaluated.Length;
    public IEnumerable<string> IndexedFields => _fieldIndexes.Select(Display);
    public IEnumerable<string> IndexSizes => _fieldIndexes.Select(f =>
        $"{Display(f)}: {f.Automata.Sum(a => a.StateCount)} states{(f.Automata.Length > 1 ? $" in {f.Automata.Length} automata" : "")}, {f.Automata.Sum(a => a.TableBytes) / 1024} KiB");

    private static string Display((string Field, LiteralAutomaton[], bool Keywords) index) => index.Keywords ? "(keywords)" : index.Field;

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
        scratch.Begin(_rules.Length, _outputIdCount);
        var candidates = new CandidateSink(scratch, _requiredGroups);
        Span<char> buffer = stackalloc char[32];
        // String values are scanned two at a time (LiteralAutomaton.ScanPair): one waits here for a partner.
        LiteralAutomaton? waiting = null;
        var waitingText = "";
        foreach (var (field, automata, keywords) in _fieldIndexes)
        {
            if (keywords)
            {
                // Keyword selections search every keyword value the event offers: their anchors are looked for in all.
                for (var i = 0; fields.TryGetKeywordValue(i, out var keywordValue); i++) Scan(automata, keywordValue, ref candidates, buffer);
            }
            else if (!fields.TryGetValue(field, out var value))
            {
                continue;
            }
            else if (value.AsString is not { } text)
            {
                Scan(automata, value, ref candidates, buffer);
            }
            else
            {
                foreach (var automaton in automata)
                {
                    if (automaton.IsPrefiltered)
                    {
                        automaton.Scan(text, ref candidates);
                    }
                    else if (waiting is null)
                    {
                        (waiting, waitingText) = (automaton, text);
                    }
                    else
                    {
                        LiteralAutomaton.ScanPair(waiting, waitingText, automaton, text, ref candidates);
                        waiting = null;
                    }
                }
            }
        }
        waiting?.Scan(waitingText, ref candidates);
        var count = candidates.Count;
        foreach (var rule in _alwaysEvaluated) scratch.Candidates[count++] = rule;

        var found = scratch.Candidates.AsSpan(0, count);
        found.Sort();
        return found;
    }

    private static void Scan(LiteralAutomaton[] automata, SigmaValue value, ref CandidateSink candidates, Span<char> buffer)
    {
        foreach (var automaton in automata)
        {
            if (value.Kind == SigmaValueKind.StringList)
            {
                foreach (var item in value.AsStrings!) automaton.Scan(item, ref candidates);
            }
            else if (value.TryGetText(buffer, out var text))
            {
                automaton.Scan(text, ref candidates);
            }
        }
    }

    /// <summary>
    /// Per-thread buffers: for each rule the anchor groups found in this event (cleared per event: a byte per rule),
    /// for each automaton output the last event that saw it, and the rules collected.
    /// </summary>
    private sealed class MatchScratch
    {
        public byte[] FoundGroups = [];
        public int[] Candidates = [];
        public int[] OutputStamps = [];
        public int Stamp;

        public void Begin(int ruleCount, int outputIdCount)
        {
            if (FoundGroups.Length < ruleCount || OutputStamps.Length < outputIdCount || Stamp == int.MaxValue)
            {
                FoundGroups = new byte[Math.Max(ruleCount, FoundGroups.Length)];
                Candidates = new int[FoundGroups.Length];
                OutputStamps = new int[Math.Max(outputIdCount, OutputStamps.Length)];
                Stamp = 0;
            }
            FoundGroups.AsSpan(0, ruleCount).Clear();
            Stamp++;
        }
    }

    /// <summary>Collects the rules all of whose anchor groups occur (the arrays held directly: one load less per call).</summary>
    [StructLayout(LayoutKind.Auto)]
    private struct CandidateSink(MatchScratch scratch, byte[] requiredGroups) : ILiteralSink
    {
        private readonly byte[] _foundGroups = scratch.FoundGroups;
        private readonly int[] _outputStamps = scratch.OutputStamps;
        private readonly int _stamp = scratch.Stamp;
        private readonly int[] _candidates = scratch.Candidates;

        /// <summary>How many rules have been added to the scratch's candidates.</summary>
        public int Count { get; private set; }

        public readonly bool FirstSighting(int outputId)
        {
            if (_outputStamps[outputId] == _stamp) return false;
            _outputStamps[outputId] = _stamp;
            return true;
        }

        /// <summary>An anchor of group <c>value % MaxGroups</c> of rule <c>value / MaxGroups</c> occurs.</summary>
        public void Found(int value)
        {
            var rule = (int)((uint)value / Anchors.MaxGroups);
            var bit = (byte)(1 << (int)((uint)value % Anchors.MaxGroups));
            var before = _foundGroups[rule];
            if ((before & bit) != 0) return; // once all groups are found, every later call returns here
            var after = (byte)(before | bit);
            _foundGroups[rule] = after;
            if (after == requiredGroups[rule]) _candidates[Count++] = rule;
        }
    }
}

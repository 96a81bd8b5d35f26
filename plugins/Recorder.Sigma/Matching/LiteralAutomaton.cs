using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Recorder.Sigma.Matching;

/// <summary>
/// Aho–Corasick over many literals at once: one table step per character of the text, whatever the number of
/// literals. Characters are folded with <see cref="char.ToUpperInvariant"/> (what ordinal case-insensitive comparison
/// does; the few non-ASCII characters that regular expressions' ignore-case equates with ASCII letters are folded to
/// those, see <see cref="LiteralTrie"/>) and reduced to a small alphabet of classes. So a hit is guaranteed whenever a
/// literal occurs in the text (case-insensitively), and may also occur for other non-ASCII characters: the
/// automaton is a prefilter; the caller confirms with the real matcher.
/// <para>
/// The scan is a chain of dependent table loads, so it is as fast as those loads hit the cache. Hence: states are
/// 16-bit numbers (a larger literal set is split over several automata by <see cref="Create"/>); only the shallow
/// states, where a scan spends nearly all its steps, get a full DFA column entry per class (a bounded table), deeper
/// states keep their few trie children and a failure link; the table is stored class-major so the step needs no
/// multiplication by the state; and states are numbered so that one comparison tells a quiet dense state (the common
/// case) from one that reports literals or is deep. A small set of ASCII literals is first looked for with a
/// vectorised search, which rules out most texts without walking the table.
/// </para>
/// </summary>
internal sealed class LiteralAutomaton
{
    /// <summary>The most states one automaton numbers (16 bits).</summary>
    public const int MaxStates = ushort.MaxValue + 1;

    /// <summary>Bytes of the full-entry part of the table: mostly in the CPU caches.</summary>
    private const int DenseTableBytes = 1024 * 1024;

    /// <summary>Literal sets up to this size are searched for with <see cref="SearchValues{T}"/> before the scan.</summary>
    private const int MaxPrefilteredLiterals = 64;

    private readonly byte[] _asciiClass;
    private readonly int _denseCount;     // states 0 .. _denseCount-1 have a full entry per class
    private readonly int _quietCount;     // states 0 .. _quietCount-1 are dense and report nothing
    private readonly int _reportingEnd;   // states _quietCount .. _reportingEnd-1 report (dense ones first)
    private readonly ushort[] _next;      // class * _denseCount + dense state -> next state
    private readonly int[] _sparseStart;  // deep state - _denseCount -> its first child in _sparseClass/_sparseNext
    private readonly byte[] _sparseClass;
    private readonly ushort[] _sparseNext;
    private readonly ushort[] _sparseFail; // deep state - _denseCount -> the longest proper suffix that is a state
    private readonly StateOutputs[] _outputs; // reporting state - _quietCount -> its literals' values and output link
    private readonly int[] _outputValues;
    private readonly SearchValues<string>? _anyLiteral;

    /// <summary>A reporting state's own values (<c>_outputValues[Start..End]</c>) and the next shorter suffix with values.</summary>
    private readonly record struct StateOutputs(int Start, int End, int Link, int OutputId);

    /// <summary>
    /// Automata that together find <paramref name="literals"/>: one, or several when the literals need more than
    /// <see cref="MaxStates"/> states.
    /// </summary>
    /// <param name="literals">Each literal (non-empty) with the value reported when it occurs.</param>
    /// <param name="firstOutputId">
    /// Where the automata's output ids start: each state with values gets one, unique among the automata a scratch
    /// is shared by, so a sink can report each literal's values once per event. The next free id is returned in it.
    /// </param>
    public static List<LiteralAutomaton> Create(IReadOnlyList<(string Literal, int Value)> literals, ref int firstOutputId)
    {
        var trie = new LiteralTrie(literals);
        if (trie.StateCount <= MaxStates || literals.Count < 2)
        {
            var automaton = new LiteralAutomaton(trie, literals, firstOutputId);
            firstOutputId = automaton.OutputIdEnd;
            return [automaton];
        }
        var half = literals.Count / 2;
        var automata = Create(literals.Take(half).ToList(), ref firstOutputId);
        automata.AddRange(Create(literals.Skip(half).ToList(), ref firstOutputId));
        return automata;
    }

    private LiteralAutomaton(LiteralTrie trie, IReadOnlyList<(string Literal, int Value)> literals, int firstOutputId)
    {
        var stateCount = trie.StateCount;
        if (stateCount > MaxStates) throw new ArgumentException($"one literal needs more than {MaxStates} states", nameof(literals));
        var classCount = trie.ClassCount;
        _asciiClass = trie.AsciiClass;
        var reports = trie.Reports;

        // Numbering: dense quiet states (the root first), dense reporting, deep reporting, deep quiet; breadth-first
        // order within each (the trie's own numbering is breadth-first).
        var denseCount = Math.Clamp(DenseTableBytes / (classCount * sizeof(ushort)), 1, stateCount);
        var order = Enumerable.Range(0, stateCount)
            .OrderBy(state => (state < denseCount, reports[state]) switch { (true, false) => 0, (true, true) => 1, (false, true) => 2, _ => 3 })
            .ThenBy(state => state)
            .ToArray();
        var id = new int[stateCount];
        for (var i = 0; i < order.Length; i++) id[order[i]] = i;
        _denseCount = denseCount;
        _quietCount = order.Count(state => state < denseCount && !reports[state]);
        _reportingEnd = _quietCount + reports.Count(r => r);

        _next = new ushort[classCount * denseCount];
        for (var state = 0; state < denseCount; state++)
            for (var cls = 0; cls < classCount; cls++)
                _next[cls * denseCount + id[state]] = (ushort)id[trie.Step(state, cls)];

        var deepCount = stateCount - denseCount;
        _sparseStart = new int[deepCount + 1];
        _sparseFail = new ushort[deepCount];
        var classes = new List<byte>();
        var targets = new List<ushort>();
        for (var deep = 0; deep < deepCount; deep++)
        {
            var state = order[denseCount + deep];
            _sparseStart[deep] = classes.Count;
            _sparseFail[deep] = (ushort)id[trie.Fail[state]];
            for (var cls = 0; cls < classCount; cls++)
            {
                var child = trie.Child(state, cls);
                if (child <= 0) continue;
                classes.Add((byte)cls);
                targets.Add((ushort)id[child]);
            }
        }
        _sparseStart[deepCount] = classes.Count;
        _sparseClass = [.. classes];
        _sparseNext = [.. targets];

        _outputs = new StateOutputs[_reportingEnd - _quietCount];
        var values = new List<int>();
        var nextOutputId = firstOutputId;
        for (var reporting = _quietCount; reporting < _reportingEnd; reporting++)
        {
            var state = order[reporting];
            var start = values.Count;
            values.AddRange(trie.Values(state));
            var link = trie.OutputLink[state];
            _outputs[reporting - _quietCount] = new StateOutputs(start, values.Count, link < 0 ? -1 : id[link],
                values.Count > start ? nextOutputId++ : -1);
        }
        _outputValues = [.. values];
        OutputIdEnd = nextOutputId;
        StateCount = stateCount;
        TableBytes = (long)_next.Length * sizeof(ushort) + (long)_sparseStart.Length * sizeof(int)
            + _sparseClass.Length * (sizeof(byte) + sizeof(ushort)) + (long)_sparseFail.Length * sizeof(ushort);

        // A vectorised search rules out a text in one pass when the literals are few; exact for ASCII literals in
        // ASCII text (ordinal ignore-case then folds as the classes do), so only those are searched so.
        if (literals.Count <= MaxPrefilteredLiterals && literals.All(l => !l.Literal.AsSpan().ContainsAnyExceptInRange('\0', '\u007F')))
            _anyLiteral = SearchValues.Create(literals.Select(l => l.Literal).Distinct(StringComparer.OrdinalIgnoreCase).ToArray(),
                StringComparison.OrdinalIgnoreCase);
    }

    public int StateCount { get; }

    /// <summary>A vectorised search rules out most texts before the table walk (so pairing its scans gains little).</summary>
    public bool IsPrefiltered => _anyLiteral is not null;

    /// <summary>One past the last output id this automaton uses (the next automaton's first).</summary>
    public int OutputIdEnd { get; }

    public long TableBytes { get; }

    /// <summary>
    /// Calls <paramref name="report"/> with the value of every literal occurring in <paramref name="text"/>; a
    /// literal the sink has seen already (in this event) is skipped with every shorter literal it ends with.
    /// </summary>
    public void Scan<TSink>(ReadOnlySpan<char> text, ref TSink report) where TSink : struct, ILiteralSink
    {
        if (SkipToFirstPossible(ref text)) ScanFrom(0, text, ref report);
    }

    /// <summary>
    /// <see cref="Scan"/> of two texts, each with its automaton, in one loop: each scan is a chain of dependent
    /// table loads, and two independent chains let the CPU wait for both loads at once.
    /// </summary>
    public static void ScanPair<TSink>(LiteralAutomaton a, ReadOnlySpan<char> textA, LiteralAutomaton b, ReadOnlySpan<char> textB,
        ref TSink report) where TSink : struct, ILiteralSink
    {
        if (!a.SkipToFirstPossible(ref textA))
        {
            b.Scan(textB, ref report);
            return;
        }
        if (!b.SkipToFirstPossible(ref textB))
        {
            a.ScanFrom(0, textA, ref report);
            return;
        }
        // The hot fields in locals: the JIT does not keep fields in registers across the report calls.
        ref var nextA = ref MemoryMarshal.GetArrayDataReference(a._next);
        ref var classesA = ref MemoryMarshal.GetArrayDataReference(a._asciiClass);
        ref var nextB = ref MemoryMarshal.GetArrayDataReference(b._next);
        ref var classesB = ref MemoryMarshal.GetArrayDataReference(b._asciiClass);
        int denseA = a._denseCount, quietA = a._quietCount, reportingA = a._reportingEnd - quietA;
        int denseB = b._denseCount, quietB = b._quietCount, reportingB = b._reportingEnd - quietB;
        var common = Math.Min(textA.Length, textB.Length);
        int stateA = 0, stateB = 0;
        for (var i = 0; i < common; i++)
        {
            var charA = textA[i];
            var charB = textB[i];
            var classA = charA < 128 ? Unsafe.Add(ref classesA, charA) : LiteralTrie.ClassOf(a._asciiClass, charA);
            var classB = charB < 128 ? Unsafe.Add(ref classesB, charB) : LiteralTrie.ClassOf(b._asciiClass, charB);
            stateA = stateA < denseA ? Unsafe.Add(ref nextA, classA * denseA + stateA) : a.SparseStep(stateA, classA);
            stateB = stateB < denseB ? Unsafe.Add(ref nextB, classB * denseB + stateB) : b.SparseStep(stateB, classB);
            if ((uint)(stateA - quietA) < (uint)reportingA) a.Report(stateA, ref report);
            if ((uint)(stateB - quietB) < (uint)reportingB) b.Report(stateB, ref report);
        }
        a.ScanFrom(stateA, textA[common..], ref report);
        b.ScanFrom(stateB, textB[common..], ref report);
    }

    /// <summary>
    /// Narrows <paramref name="text"/> to where the first literal can start (with the vectorised search of a small
    /// literal set); false when no literal occurs at all.
    /// </summary>
    private bool SkipToFirstPossible(ref ReadOnlySpan<char> text)
    {
        if (_anyLiteral is null || text.ContainsAnyExceptInRange('\0', '\u007F')) return text.Length > 0;
        // No literal occurs before the first place one starts: the scan may begin there.
        var first = text.IndexOfAny(_anyLiteral);
        if (first < 0) return false;
        text = text[first..];
        return true;
    }

    private void ScanFrom<TSink>(int state, ReadOnlySpan<char> text, ref TSink report) where TSink : struct, ILiteralSink
    {
        // Unchecked reads: every class is below the class count and every entry a valid state (built so above).
        ref var next = ref MemoryMarshal.GetArrayDataReference(_next);
        ref var classes = ref MemoryMarshal.GetArrayDataReference(_asciiClass);
        int denseCount = _denseCount, quietCount = _quietCount, reportingCount = _reportingEnd - quietCount;
        foreach (var c in text)
        {
            var cls = c < 128 ? Unsafe.Add(ref classes, c) : LiteralTrie.ClassOf(_asciiClass, c); // some non-ASCII letters fold to ASCII ones (ı to I)
            state = state < denseCount ? Unsafe.Add(ref next, cls * denseCount + state) : SparseStep(state, cls);
            if ((uint)(state - quietCount) < (uint)reportingCount) Report(state, ref report);
        }
    }

    private void Report<TSink>(int state, ref TSink report) where TSink : struct, ILiteralSink
    {
        var outputs = _outputs[state - _quietCount];
        var s = outputs.Start < outputs.End ? state : outputs.Link;
        while (s >= 0)
        {
            outputs = _outputs[s - _quietCount];
            if (!report.FirstSighting(outputs.OutputId)) return; // its shorter suffixes were reported with it
            for (var i = outputs.Start; i < outputs.End; i++) report.Found(_outputValues[i]);
            s = outputs.Link;
        }
    }

    // From a deep state: its child on this class, else its failure link's transition (down to a dense state).
    private int SparseStep(int state, int cls)
    {
        while (state >= _denseCount)
        {
            var deep = state - _denseCount;
            for (int i = _sparseStart[deep], end = _sparseStart[deep + 1]; i < end; i++)
                if (_sparseClass[i] == cls) return _sparseNext[i];
            state = _sparseFail[deep];
        }
        return _next[cls * _denseCount + state];
    }
}

/// <summary>Receives the values of the literals an automaton finds (a struct, so scanning does not allocate).</summary>
internal interface ILiteralSink
{
    /// <summary>True the first time an output id is seen in this event (and remembers it).</summary>
    bool FirstSighting(int outputId);

    void Found(int value);
}

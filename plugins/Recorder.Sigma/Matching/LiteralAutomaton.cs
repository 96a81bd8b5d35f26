using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Recorder.Sigma.Matching;

/// <summary>
/// Aho–Corasick over many literals at once, as a full DFA: one table step per character of the text, whatever the
/// number of literals. Characters are folded with <see cref="char.ToUpperInvariant"/> (what ordinal
/// case-insensitive comparison does; the few non-ASCII characters that regular expressions' ignore-case equates with
/// ASCII letters are folded to those) and then reduced to a small alphabet: each ASCII character some literal
/// uses gets its own class, every non-ASCII character shares one class, and ASCII characters no literal uses share
/// another. So a hit is guaranteed whenever a literal occurs in the text (case-insensitively), and may also occur
/// for other non-ASCII characters: the automaton is a prefilter; the caller confirms with the real matcher.
/// <para>
/// Only the shallow states (numbered breadth-first, where a scan spends nearly all its steps) get a full row of the
/// DFA table, bounded to stay in the CPU cache; deeper states keep their few trie children and a failure link. Tens
/// of thousands of CommandLine literals made an 11 MB full table, a cache miss on most steps.
/// </para>
/// </summary>
internal sealed class LiteralAutomaton
{
    private const int UnusedClass = 0;
    private const int NonAsciiClass = 1;

    /// <summary>Bytes of the full-row part of the table: mostly in the CPU caches.</summary>
    private const int DenseTableBytes = 1024 * 1024;

    private readonly byte[] _asciiClass = new byte[128];
    private readonly int _classCount;
    private readonly int _denseCount;    // states 0 .. _denseCount-1 have a full row
    private readonly int[] _next;        // dense state * _classCount + class -> next state, complemented if it reports
    private readonly int[] _sparseStart; // deeper state - _denseCount -> its first child in _sparseClass/_sparseNext
    private readonly byte[] _sparseClass;
    private readonly int[] _sparseNext;  // the child state, complemented if it reports
    private readonly int[] _fail;        // per state: the longest proper suffix that is a state
    private readonly int[][] _outputs;   // values of the literals ending exactly at a state
    private readonly int[] _outputLink;  // the nearest shorter suffix state with outputs, or -1
    private readonly bool[] _reports;    // a state with outputs of its own or through its output links
    private readonly int[] _outputId;    // per state with outputs, its id for the sink's once-per-event check

    /// <param name="literals">Each literal (non-empty) with the value reported when it occurs.</param>
    /// <param name="firstOutputId">
    /// Where this automaton's output ids start: each state with outputs gets one, unique among the automata a
    /// scratch is shared by, so a sink can report each literal's values once per event.
    /// </param>
    public LiteralAutomaton(IReadOnlyList<(string Literal, int Value)> literals, int firstOutputId = 0)
    {
        var classCount = 2;
        foreach (var (literal, _) in literals)
            foreach (var c in literal)
            {
                var folded = char.ToUpperInvariant(c);
                if (folded < 128 && _asciiClass[folded] == UnusedClass) _asciiClass[folded] = (byte)classCount++;
            }
        if (classCount > byte.MaxValue) throw new InvalidOperationException("too many distinct characters"); // cannot happen: ≤ 128 + 2
        for (var c = 0; c < 128; c++) _asciiClass[c] = _asciiClass[char.ToUpperInvariant((char)c)];
        _classCount = classCount;

        // The trie.
        var gotos = new List<int[]> { NewRow() };
        var outputs = new List<List<int>?> { null };
        foreach (var (literal, value) in literals)
        {
            var state = 0;
            foreach (var c in literal)
            {
                var cls = ClassOf(c);
                if (gotos[state][cls] < 0)
                {
                    gotos[state][cls] = gotos.Count;
                    gotos.Add(NewRow());
                    outputs.Add(null);
                }
                state = gotos[state][cls];
            }
            (outputs[state] ??= []).Add(value);
        }

        (gotos, outputs) = InBreadthFirstOrder(gotos, outputs);

        // Failure links breadth-first. A state's failure link is shallower, so it is numbered before it.
        var stateCount = gotos.Count;
        _denseCount = Math.Clamp(DenseTableBytes / (classCount * sizeof(int)), 1, stateCount);
        _next = new int[_denseCount * classCount];
        _outputLink = new int[stateCount];
        _reports = new bool[stateCount];
        _fail = new int[stateCount];
        _outputLink[0] = -1;
        for (var state = 0; state < stateCount; state++)
        {
            if (state > 0)
            {
                var suffix = _fail[state];
                _outputLink[state] = outputs[suffix] is not null ? suffix : _outputLink[suffix];
            }
            _reports[state] = outputs[state] is not null || _outputLink[state] >= 0;
            for (var cls = 0; cls < classCount; cls++)
            {
                var child = gotos[state][cls];
                if (child > 0) _fail[child] = state == 0 ? 0 : Step(_fail[state], cls);
                if (state < _denseCount) _next[state * classCount + cls] = child > 0 ? child : state == 0 ? 0 : Step(_fail[state], cls);
            }
        }
        // Dense entries and sparse children hold the target state, complemented (negative) when it reports literals.
        for (var i = 0; i < _next.Length; i++)
            if (_reports[_next[i]]) _next[i] = ~_next[i];
        var sparseCount = stateCount - _denseCount;
        _sparseStart = new int[sparseCount + 1];
        var classes = new List<byte>();
        var targets = new List<int>();
        for (var state = _denseCount; state < stateCount; state++)
        {
            _sparseStart[state - _denseCount] = classes.Count;
            for (var cls = 0; cls < classCount; cls++)
            {
                var child = gotos[state][cls];
                if (child <= 0) continue;
                classes.Add((byte)cls);
                targets.Add(_reports[child] ? ~child : child);
            }
        }
        _sparseStart[sparseCount] = classes.Count;
        _sparseClass = [.. classes];
        _sparseNext = [.. targets];

        // The DFA transition from an already linked state: its trie child, or its failure link's transition.
        int Step(int state, int cls)
        {
            while (true)
            {
                var child = gotos[state][cls];
                if (child > 0) return child;
                if (state == 0) return 0;
                state = _fail[state];
            }
        }
        _outputs = outputs.Select(o => o?.Distinct().ToArray() ?? []).ToArray();
        _outputId = new int[stateCount];
        var nextOutputId = firstOutputId;
        for (var state = 0; state < stateCount; state++) _outputId[state] = _outputs[state].Length > 0 ? nextOutputId++ : -1;
        OutputIdEnd = nextOutputId;
        StateCount = stateCount;

        int[] NewRow()
        {
            var row = new int[classCount];
            Array.Fill(row, -1);
            return row;
        }
    }

    /// <summary>
    /// The trie with its states numbered breadth-first: the shallow states, where a scan spends most of its steps,
    /// then sit together in the table and stay in the CPU cache.
    /// </summary>
    private static (List<int[]>, List<List<int>?>) InBreadthFirstOrder(List<int[]> gotos, List<List<int>?> outputs)
    {
        var order = new List<int>(gotos.Count) { 0 };
        for (var next = 0; next < order.Count; next++)
            foreach (var child in gotos[order[next]])
                if (child > 0) order.Add(child);
        var newId = new int[gotos.Count];
        for (var i = 0; i < order.Count; i++) newId[order[i]] = i;
        var renumbered = order.Select(old => gotos[old].Select(child => child < 0 ? -1 : newId[child]).ToArray()).ToList();
        return (renumbered, order.Select(old => outputs[old]).ToList());
    }

    public int StateCount { get; }

    /// <summary>One past the last output id this automaton uses (the next automaton's first).</summary>
    public int OutputIdEnd { get; }
    public long TableBytes => (long)_next.Length * sizeof(int) + (long)_sparseStart.Length * sizeof(int)
        + _sparseClass.Length * (sizeof(byte) + sizeof(int)) + (long)_fail.Length * sizeof(int);

    /// <summary>
    /// Calls <paramref name="report"/> with the value of every literal occurring in <paramref name="text"/>; a
    /// literal the sink has seen already (in this event) is skipped with every shorter literal it ends with.
    /// </summary>
    public void Scan<TSink>(ReadOnlySpan<char> text, ref TSink report) where TSink : struct, ILiteralSink
    {
        // Unchecked reads: every class is below the row width and every entry a valid state (built so above).
        ref var dense = ref MemoryMarshal.GetArrayDataReference(_next);
        ref var classes = ref MemoryMarshal.GetArrayDataReference(_asciiClass);
        var state = 0;
        foreach (var c in text)
        {
            var cls = c < 128 ? Unsafe.Add(ref classes, c) : ClassOf(c); // some non-ASCII letters fold to ASCII ones (ı to I)
            var entry = state < _denseCount ? Unsafe.Add(ref dense, state * _classCount + cls) : SparseStep(state, cls);
            if (entry >= 0)
            {
                state = entry;
                continue;
            }
            state = ~entry;
            for (var s = _outputs[state].Length > 0 ? state : _outputLink[state]; s >= 0; s = _outputLink[s])
            {
                if (!report.FirstSighting(_outputId[s])) break; // its shorter suffixes were reported with it
                foreach (var value in _outputs[s])
                    report.Found(value);
            }
        }
    }

    // From a deep state: its child on this class, else its failure link's transition (down to a dense state).
    private int SparseStep(int state, int cls)
    {
        while (state >= _denseCount)
        {
            var sparse = state - _denseCount;
            for (int i = _sparseStart[sparse], end = _sparseStart[sparse + 1]; i < end; i++)
                if (_sparseClass[i] == cls) return _sparseNext[i];
            state = _fail[state];
        }
        return _next[state * _classCount + cls];
    }

    private int ClassOf(char c)
    {
        // The non-ASCII characters that ordinal or regular-expression case-insensitivity equates with ASCII letters.
        var folded = c switch
        {
            '\u212A' => 'K', // Kelvin sign
            '\u0130' or '\u0131' => 'I', // dotted capital I, dotless small i
            _ => char.ToUpperInvariant(c), // also ſ to S
        };
        return folded < 128 ? _asciiClass[folded] : NonAsciiClass;
    }
}

/// <summary>Receives the values of the literals an automaton finds (a struct, so scanning does not allocate).</summary>
internal interface ILiteralSink
{
    /// <summary>True the first time an output id is seen in this event (and remembers it).</summary>
    bool FirstSighting(int outputId);

    void Found(int value);
}

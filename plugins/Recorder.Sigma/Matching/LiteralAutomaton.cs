namespace Recorder.Sigma.Matching;

/// <summary>
/// Aho–Corasick over many literals at once, as a full DFA: one table step per character of the text, whatever the
/// number of literals. Characters are folded with <see cref="char.ToUpperInvariant"/> (what ordinal
/// case-insensitive comparison does) and then reduced to a small alphabet: each ASCII character some literal
/// uses gets its own class, every non-ASCII character shares one class, and ASCII characters no literal uses share
/// another. So a hit is guaranteed whenever a literal occurs in the text (case-insensitively), and may also occur
/// for other non-ASCII characters: the automaton is a prefilter; the caller confirms with the real matcher.
/// </summary>
internal sealed class LiteralAutomaton
{
    private const int UnusedClass = 0;
    private const int NonAsciiClass = 1;

    private readonly byte[] _asciiClass = new byte[128];
    private readonly int _classCount;
    private readonly int[] _next;        // state * _classCount + class -> state
    private readonly int[][] _outputs;   // values of the literals ending exactly at a state
    private readonly int[] _outputLink;  // the nearest shorter suffix state with outputs, or -1
    private readonly bool[] _reports;    // a state with outputs of its own or through its output links

    /// <param name="literals">Each literal (non-empty) with the value reported when it occurs.</param>
    public LiteralAutomaton(IReadOnlyList<(string Literal, int Value)> literals)
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

        // Failure links breadth-first, turning the trie into a DFA as we go.
        var stateCount = gotos.Count;
        _next = new int[stateCount * classCount];
        _outputLink = new int[stateCount];
        _reports = new bool[stateCount];
        var fail = new int[stateCount];
        var queue = new Queue<int>();
        for (var cls = 0; cls < classCount; cls++)
        {
            var child = gotos[0][cls];
            _next[cls] = child < 0 ? 0 : child;
            if (child > 0)
            {
                fail[child] = 0;
                queue.Enqueue(child);
            }
        }
        _outputLink[0] = -1;
        while (queue.Count > 0)
        {
            var state = queue.Dequeue();
            var suffix = fail[state];
            _outputLink[state] = outputs[suffix] is not null ? suffix : _outputLink[suffix];
            _reports[state] = outputs[state] is not null || _outputLink[state] >= 0;
            for (var cls = 0; cls < classCount; cls++)
            {
                var child = gotos[state][cls];
                if (child < 0)
                {
                    _next[state * classCount + cls] = _next[suffix * classCount + cls];
                    continue;
                }
                _next[state * classCount + cls] = child;
                fail[child] = _next[suffix * classCount + cls];
                queue.Enqueue(child);
            }
        }
        _outputs = outputs.Select(o => o?.Distinct().ToArray() ?? []).ToArray();
        StateCount = stateCount;

        int[] NewRow()
        {
            var row = new int[classCount];
            Array.Fill(row, -1);
            return row;
        }
    }

    public int StateCount { get; }
    public long TableBytes => (long)_next.Length * sizeof(int);

    /// <summary>Calls <paramref name="report"/> with the value of every literal occurring in <paramref name="text"/>.</summary>
    public void Scan<TSink>(ReadOnlySpan<char> text, ref TSink report) where TSink : struct, ILiteralSink
    {
        var next = _next;
        var classes = _asciiClass;
        var classCount = _classCount;
        var state = 0;
        foreach (var c in text)
        {
            var cls = c < 128 ? classes[c] : ClassOf(c); // some non-ASCII letters fold to ASCII ones (ı to I)
            state = next[state * classCount + cls];
            if (!_reports[state]) continue;
            for (var s = _outputs[state].Length > 0 ? state : _outputLink[state]; s >= 0; s = _outputLink[s])
                foreach (var value in _outputs[s])
                    report.Found(value);
        }
    }

    private int ClassOf(char c)
    {
        var folded = char.ToUpperInvariant(c);
        return folded < 128 ? _asciiClass[folded] : NonAsciiClass;
    }
}

/// <summary>Receives the values of the literals an automaton finds (a struct, so scanning does not allocate).</summary>
internal interface ILiteralSink
{
    void Found(int value);
}

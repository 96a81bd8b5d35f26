namespace Recorder.Sigma.Matching;

/// <summary>
/// The Aho–Corasick trie a <see cref="LiteralAutomaton"/> is built from: the literals' characters folded to classes,
/// states numbered breadth-first (the root is 0), failure and output links. Only used while building.
/// </summary>
internal sealed class LiteralTrie
{
    private const int UnusedClass = 0;
    private const int NonAsciiClass = 1;

    private readonly List<int[]> _children; // state -> class -> child, or -1
    private readonly List<List<int>?> _values;

    public LiteralTrie(IReadOnlyList<(string Literal, int Value)> literals)
    {
        // Each ASCII character some literal uses gets its own class; every non-ASCII character shares one, and ASCII
        // characters no literal uses share another.
        var classCount = 2;
        foreach (var (literal, _) in literals)
            foreach (var c in literal)
            {
                var folded = char.ToUpperInvariant(c);
                if (folded < 128 && AsciiClass[folded] == UnusedClass) AsciiClass[folded] = (byte)classCount++;
            }
        if (classCount > byte.MaxValue) throw new InvalidOperationException("too many distinct characters"); // cannot happen: ≤ 128 + 2
        for (var c = 0; c < 128; c++) AsciiClass[c] = AsciiClass[char.ToUpperInvariant((char)c)];
        ClassCount = classCount;

        var children = new List<int[]> { NewRow() };
        var values = new List<List<int>?> { null };
        foreach (var (literal, value) in literals)
        {
            var state = 0;
            foreach (var c in literal)
            {
                var cls = ClassOf(AsciiClass, c);
                if (children[state][cls] < 0)
                {
                    children[state][cls] = children.Count;
                    children.Add(NewRow());
                    values.Add(null);
                }
                state = children[state][cls];
            }
            (values[state] ??= []).Add(value);
        }
        (_children, _values) = InBreadthFirstOrder(children, values);
        StateCount = _children.Count;

        // Failure and output links, breadth-first: a state's failure link is shallower, so it is linked before it.
        Fail = new int[StateCount];
        OutputLink = new int[StateCount];
        Reports = new bool[StateCount];
        OutputLink[0] = -1;
        for (var state = 0; state < StateCount; state++)
        {
            if (state > 0)
            {
                var suffix = Fail[state];
                OutputLink[state] = _values[suffix] is not null ? suffix : OutputLink[suffix];
            }
            Reports[state] = _values[state] is not null || OutputLink[state] >= 0;
            for (var cls = 0; cls < classCount; cls++)
            {
                var child = _children[state][cls];
                if (child > 0) Fail[child] = state == 0 ? 0 : Step(Fail[state], cls);
            }
        }

        int[] NewRow()
        {
            var row = new int[classCount];
            Array.Fill(row, -1);
            return row;
        }
    }

    /// <summary>ASCII character -> its class (0 for characters no literal uses).</summary>
    public byte[] AsciiClass { get; } = new byte[128];
    public int ClassCount { get; }
    public int StateCount { get; }
    /// <summary>Per state: the longest proper suffix that is a state.</summary>
    public int[] Fail { get; }
    /// <summary>Per state: the nearest shorter suffix state with values of its own, or -1.</summary>
    public int[] OutputLink { get; }
    /// <summary>Per state: it has values of its own or through its output links.</summary>
    public bool[] Reports { get; }

    public int Child(int state, int cls) => _children[state][cls];

    /// <summary>The values of the literals ending exactly at <paramref name="state"/>, each once.</summary>
    public IEnumerable<int> Values(int state) => _values[state]?.Distinct() ?? [];

    /// <summary>The DFA transition: the trie child, or the failure link's transition (failure links must be set).</summary>
    public int Step(int state, int cls)
    {
        while (true)
        {
            var child = _children[state][cls];
            if (child > 0) return child;
            if (state == 0) return 0;
            state = Fail[state];
        }
    }

    /// <summary>The class of any character, with the classes of <paramref name="asciiClass"/>.</summary>
    public static int ClassOf(byte[] asciiClass, char c)
    {
        // The non-ASCII characters that ordinal or regular-expression case-insensitivity equates with ASCII letters.
        var folded = c switch
        {
            '\u212A' => 'K', // Kelvin sign
            '\u0130' or '\u0131' => 'I', // dotted capital I, dotless small i
            _ => char.ToUpperInvariant(c), // also ſ to S
        };
        return folded < 128 ? asciiClass[folded] : NonAsciiClass;
    }

    /// <summary>
    /// The trie with its states numbered breadth-first: the shallow states, where a scan spends most of its steps,
    /// then come first and get the automaton's full table entries.
    /// </summary>
    private static (List<int[]>, List<List<int>?>) InBreadthFirstOrder(List<int[]> children, List<List<int>?> values)
    {
        var order = new List<int>(children.Count) { 0 };
        for (var next = 0; next < order.Count; next++)
            foreach (var child in children[order[next]])
                if (child > 0) order.Add(child);
        var newId = new int[children.Count];
        for (var i = 0; i < order.Count; i++) newId[order[i]] = i;
        var renumbered = order.Select(old => children[old].Select(child => child < 0 ? -1 : newId[child]).ToArray()).ToList();
        return (renumbered, order.Select(old => values[old]).ToList());
    }
}

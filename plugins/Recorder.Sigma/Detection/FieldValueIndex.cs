using System.Text;

namespace Recorder.Sigma.Detection;

/// <summary>
/// The case-insensitive equals/startswith/endswith values of one field condition, looked up instead of compared one
/// by one: rules list dozens of image names or paths (<c>Image|endswith: ['\cmd.exe', '\powershell.exe', ...]</c>),
/// and comparing each was most of the cost of evaluating them. Exact values are a hash set; prefixes (suffixes) are
/// bucketed by their first (last) characters, as many as the shortest has, so a text is compared only with the
/// values of its bucket. Same answers as <see cref="StringMatcher.IsMatch"/>: ordinal ignore-case equality, which
/// hashing with <see cref="StringComparer.OrdinalIgnoreCase"/> agrees with; affixes are bucketed only when ASCII
/// (ordinal ignore-case equates an ASCII character only with ASCII ones, so a text's key then equals the affix's, where a
/// key cut through a surrogate pair might not).
/// </summary>
internal sealed class FieldValueIndex
{
    /// <summary>Fewer values than this are compared one by one (a lookup costs about as much as a few comparisons).</summary>
    public const int MinValues = 4;

    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _exact;
    private readonly Affixes? _prefixes;
    private readonly Affixes? _suffixes;

    private FieldValueIndex(List<string> exact, List<string> prefixes, List<string> suffixes)
    {
        _exact = new HashSet<string>(exact, StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();
        _prefixes = prefixes.Count > 0 ? new Affixes(prefixes, atStart: true) : null;
        _suffixes = suffixes.Count > 0 ? new Affixes(suffixes, atStart: false) : null;
    }

    /// <summary>
    /// The index of the values it can hold, and the values it cannot (kept in their order); no index when fewer than
    /// <see cref="MinValues"/> would be in it.
    /// </summary>
    public static (FieldValueIndex? Index, ValueMatcher[] Others) Of(ValueMatcher[] values)
    {
        var exact = new List<string>();
        var prefixes = new List<string>();
        var suffixes = new List<string>();
        var others = new List<ValueMatcher>();
        foreach (var value in values)
        {
            if (value is StringValueMatcher text && text.Matcher.TryGetIgnoreCaseLiteral(out var literal, out var atStart, out var atEnd)
                && (atStart && atEnd || Ascii.IsValid(literal)))
                (atStart && atEnd ? exact : atStart ? prefixes : suffixes).Add(literal);
            else
                others.Add(value);
        }
        return exact.Count + prefixes.Count + suffixes.Count < MinValues
            ? (null, values)
            : (new FieldValueIndex(exact, prefixes, suffixes), [.. others]);
    }

    public bool Matches(ReadOnlySpan<char> text) =>
        _exact.Contains(text) || _prefixes?.Match(text) == true || _suffixes?.Match(text) == true;

    /// <summary>Prefixes or suffixes, bucketed by their first or last <c>_keyLength</c> characters.</summary>
    private sealed class Affixes
    {
        private readonly bool _atStart;
        private readonly int _keyLength;
        private readonly Dictionary<string, string[]>.AlternateLookup<ReadOnlySpan<char>> _byKey;

        public Affixes(List<string> affixes, bool atStart)
        {
            _atStart = atStart;
            _keyLength = affixes.Min(a => a.Length);
            _byKey = affixes
                .GroupBy(Key, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.OrdinalIgnoreCase)
                .GetAlternateLookup<ReadOnlySpan<char>>();
        }

        public bool Match(ReadOnlySpan<char> text)
        {
            if (text.Length < _keyLength || !_byKey.TryGetValue(Key(text), out var affixes)) return false;
            foreach (var affix in affixes)
                if (_atStart ? text.StartsWith(affix, StringComparison.OrdinalIgnoreCase) : text.EndsWith(affix, StringComparison.OrdinalIgnoreCase))
                    return true;
            return false;
        }

        private string Key(string affix) => Key(affix.AsSpan()).ToString();

        private ReadOnlySpan<char> Key(ReadOnlySpan<char> text) => _atStart ? text[.._keyLength] : text[^_keyLength..];
    }
}

namespace Recorder.Sigma.Detection;

/// <summary>
/// Matches text against one <see cref="SigmaPattern"/>: exact, prefix, suffix and substring patterns use the
/// vectorised span searches; anything else runs a glob over the segments between <c>*</c>. Case-insensitive unless
/// <c>cased</c>. No allocation per call. Case-insensitive substring searches use <see cref="IgnoreCaseSubstring"/>.
/// </summary>
internal sealed class StringMatcher
{
    private enum Shape { Exact, StartsWith, EndsWith, Contains, AnyNonEmpty, Glob }

    private readonly Shape _shape;
    private readonly string _literal = "";
    private readonly string[] _segments = [];
    private readonly IgnoreCaseSubstring?[] _segmentSearches = [];
    private readonly IgnoreCaseSubstring? _literalSearch;
    private readonly bool _segmentsHaveAnyChar;
    private readonly bool _anchoredStart, _anchoredEnd;
    private readonly StringComparison _comparison;

    public StringMatcher(string pattern, bool cased)
    {
        Pattern = pattern;
        Cased = cased;
        _comparison = cased ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        _anchoredStart = !pattern.StartsWith(SigmaPattern.AnyRun);
        _anchoredEnd = !pattern.EndsWith(SigmaPattern.AnyRun);
        var inner = pattern.Trim(SigmaPattern.AnyRun);
        if (pattern.Length > 0 && inner.Length == 0) _shape = Shape.AnyNonEmpty;
        else if (!SigmaPattern.HasWildcards(inner))
        {
            _literal = inner;
            _shape = (_anchoredStart, _anchoredEnd) switch
            {
                (true, true) => Shape.Exact,
                (true, false) => Shape.StartsWith,
                (false, true) => Shape.EndsWith,
                _ => Shape.Contains,
            };
            if (_shape == Shape.Contains && !cased) _literalSearch = new IgnoreCaseSubstring(inner);
        }
        else
        {
            _shape = Shape.Glob;
            _segments = pattern.Split(SigmaPattern.AnyRun);
            _segmentsHaveAnyChar = pattern.Contains(SigmaPattern.AnyChar);
            _segmentSearches = _segments
                .Select(segment => cased || segment.Length == 0 || segment.Contains(SigmaPattern.AnyChar) ? null : new IgnoreCaseSubstring(segment))
                .ToArray();
        }
    }

    /// <summary>The pattern (wildcards as <see cref="SigmaPattern.AnyRun"/>/<see cref="SigmaPattern.AnyChar"/>).</summary>
    public string Pattern { get; }
    public bool Cased { get; }

    /// <summary>
    /// For a case-insensitive pattern without wildcards inside: its literal and whether the text must equal it, start
    /// or end with it (<see cref="FieldValueIndex"/> looks such values up instead of comparing one by one).
    /// </summary>
    public bool TryGetIgnoreCaseLiteral(out string literal, out bool atStart, out bool atEnd)
    {
        (literal, atStart, atEnd) = (_literal, _anchoredStart, _anchoredEnd);
        return !Cased && _shape is Shape.Exact or Shape.StartsWith or Shape.EndsWith;
    }

    public bool IsMatch(ReadOnlySpan<char> text) => _shape switch
    {
        Shape.Exact => text.Equals(_literal, _comparison),
        Shape.StartsWith => text.StartsWith(_literal, _comparison),
        Shape.EndsWith => text.EndsWith(_literal, _comparison),
        Shape.Contains => _literalSearch is { } search ? search.IndexIn(text) >= 0 : text.Contains(_literal, StringComparison.Ordinal),
        Shape.AnyNonEmpty => true,
        _ => GlobMatch(text),
    };

    /// <summary>
    /// The segments between <c>*</c> in order: the first must sit at the start (unless the pattern starts with
    /// <c>*</c>), the last at the end, and each middle one at its leftmost place after the previous one, which is
    /// never worse than any later place.
    /// </summary>
    private bool GlobMatch(ReadOnlySpan<char> text)
    {
        var first = 0;
        var last = _segments.Length - 1;
        var start = 0;
        var end = text.Length;
        if (_anchoredStart)
        {
            var head = _segments[0];
            if (head.Length > text.Length || !SegmentAt(text, 0, head)) return false;
            start = head.Length;
            first = 1;
            if (last == 0) return start == text.Length; // no '*' at all: a pattern with only '?'
        }
        if (_anchoredEnd)
        {
            var tail = _segments[last];
            if (end - start < tail.Length || !SegmentAt(text, end - tail.Length, tail)) return false;
            end -= tail.Length;
            last--;
        }
        for (var i = first; i <= last; i++)
        {
            var segment = _segments[i];
            if (segment.Length == 0) continue;
            var found = Find(text[start..end], i);
            if (found < 0) return false;
            start += found + segment.Length;
        }
        return true;
    }

    private int Find(ReadOnlySpan<char> text, int segmentIndex)
    {
        if (_segmentSearches[segmentIndex] is { } search) return search.IndexIn(text);
        var segment = _segments[segmentIndex];
        if (!_segmentsHaveAnyChar || !segment.Contains(SigmaPattern.AnyChar)) return text.IndexOf(segment, _comparison);
        for (var at = 0; at + segment.Length <= text.Length; at++)
            if (SegmentAt(text, at, segment)) return at;
        return -1;
    }

    private bool SegmentAt(ReadOnlySpan<char> text, int at, string segment)
    {
        if (!_segmentsHaveAnyChar) return text.Slice(at, segment.Length).Equals(segment, _comparison);
        for (var i = 0; i < segment.Length; i++)
        {
            var expected = segment[i];
            if (expected == SigmaPattern.AnyChar) continue;
            var actual = text[at + i];
            if (actual == expected) continue;
            if (Cased || char.ToUpperInvariant(actual) != char.ToUpperInvariant(expected)) return false;
        }
        return true;
    }
}

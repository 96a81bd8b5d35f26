using System.Buffers;

namespace Recorder.Sigma.Detection;

/// <summary>
/// Finds one string in text, ordinal and case-insensitive, with the same answers as
/// <c>IndexOf(needle, StringComparison.OrdinalIgnoreCase)</c>. With the recorder's invariant globalization that
/// call compares character by character at every position and was the largest single cost of evaluating rules;
/// here a vectorised search finds the places where the needle's first ASCII character (the anchor) can be, and only
/// those are compared.
/// </summary>
internal sealed class IgnoreCaseSubstring
{
    private readonly string _needle;
    private readonly int _anchor;                      // position of the needle's first ASCII character
    private readonly SearchValues<char>? _anchorChars; // null when the needle has no ASCII character

    public IgnoreCaseSubstring(string needle)
    {
        _needle = needle;
        _anchor = needle.AsSpan().IndexOfAnyInRange('\0', '\u007F');
        if (_anchor < 0) return;
        // Ordinal case-insensitivity equates an ASCII character only with its ASCII other case (not with the long
        // s, dotless i or Kelvin sign): those are the characters the anchor can be in the text.
        var c = needle[_anchor];
        var upper = char.ToUpperInvariant(c);
        var lower = char.ToLowerInvariant(c);
        _anchorChars = SearchValues.Create(upper == lower ? [c] : [upper, lower]);
    }

    /// <summary>Where the needle first occurs in <paramref name="text"/>, or -1.</summary>
    public int IndexIn(ReadOnlySpan<char> text)
    {
        if (_anchorChars is null) return text.IndexOf(_needle, StringComparison.OrdinalIgnoreCase);
        var last = text.Length - _needle.Length; // the last place the needle can start
        for (var from = 0; from <= last;)
        {
            // The anchor of a needle starting at s in [from, last] is at s + _anchor.
            var at = text[(from + _anchor)..(last + _anchor + 1)].IndexOfAny(_anchorChars);
            if (at < 0) return -1;
            var start = from + at;
            if (text.Slice(start, _needle.Length).Equals(_needle, StringComparison.OrdinalIgnoreCase)) return start;
            from = start + 1;
        }
        return -1;
    }
}

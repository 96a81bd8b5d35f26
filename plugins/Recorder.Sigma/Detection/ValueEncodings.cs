using System.Text;

namespace Recorder.Sigma.Detection;

/// <summary>
/// The transforming value modifiers: <c>windash</c>, <c>base64</c>, <c>base64offset</c> and the text encodings
/// that precede them (<c>utf16le</c>/<c>wide</c>, <c>utf16be</c>, <c>utf16</c>), as pySigma defines them. Each
/// turns one pattern into one or more patterns.
/// </summary>
internal static class ValueEncodings
{
    /// <summary>The dashes <c>windash</c> allows where the rule writes <c>-</c> or <c>/</c>.</summary>
    private static readonly char[] WindowsDashes = ['-', '/', '\u2013', '\u2014', '\u2015'];

    /// <summary>More dashes than this in one value would expand to too many variants.</summary>
    private const int MaxWindowsDashes = 4;

    /// <summary>
    /// Every combination of <see cref="WindowsDashes"/> at each <c>-</c> or <c>/</c> that starts a word (preceded by
    /// a non-word character or the start, followed by a word character: an option like <c>-enc</c> or <c>/c</c>).
    /// </summary>
    public static IReadOnlyList<string> WindowsDash(string pattern)
    {
        var positions = new List<int>();
        for (var i = 0; i < pattern.Length; i++)
            if (pattern[i] is '-' or '/' && (i == 0 || !IsWordChar(pattern[i - 1])) && i + 1 < pattern.Length && IsWordChar(pattern[i + 1]))
                positions.Add(i);
        if (positions.Count > MaxWindowsDashes)
            throw new InvalidOperationException($"windash: {positions.Count} dashes in one value expand to too many variants");
        var variants = new List<string> { pattern };
        foreach (var position in positions)
        {
            var next = new List<string>(variants.Count * WindowsDashes.Length);
            foreach (var variant in variants)
                foreach (var dash in WindowsDashes)
                {
                    var chars = variant.ToCharArray();
                    chars[position] = dash;
                    next.Add(new string(chars));
                }
            variants = next;
        }
        return variants;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    public static Encoding? TextEncoding(string modifier) => modifier switch
    {
        "utf16le" or "wide" => new UnicodeEncoding(bigEndian: false, byteOrderMark: false),
        "utf16be" => new UnicodeEncoding(bigEndian: true, byteOrderMark: false),
        "utf16" => new UnicodeEncoding(bigEndian: false, byteOrderMark: true),
        _ => null,
    };

    /// <summary>The bytes of a literal value: UTF-8 unless an encoding modifier came first; <c>utf16</c> adds its BOM.</summary>
    public static byte[] Bytes(string literal, Encoding? encoding) =>
        encoding is null ? Encoding.UTF8.GetBytes(literal) : [.. encoding.GetPreamble(), .. encoding.GetBytes(literal)];

    public static string Base64(byte[] bytes) => Convert.ToBase64String(bytes);

    /// <summary>
    /// The three base64 forms the value takes at the three byte offsets inside a longer base64 text, without the
    /// characters that depend on the neighbouring bytes (pySigma's base64offset).
    /// </summary>
    public static IReadOnlyList<string> Base64Offsets(byte[] bytes)
    {
        int[] startOffsets = [0, 2, 3];
        int?[] endOffsets = [null, -3, -2];
        var forms = new List<string>(3);
        for (var shift = 0; shift < 3; shift++)
        {
            var shifted = new byte[shift + bytes.Length];
            for (var i = 0; i < shift; i++) shifted[i] = (byte)' ';
            bytes.CopyTo(shifted, shift);
            var encoded = Convert.ToBase64String(shifted);
            var end = endOffsets[(bytes.Length + shift) % 3] is { } fromEnd ? encoded.Length + fromEnd : encoded.Length;
            forms.Add(encoded[startOffsets[shift]..end]);
        }
        return forms;
    }
}

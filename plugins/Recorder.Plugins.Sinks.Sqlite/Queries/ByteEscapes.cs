using System.Globalization;
using System.Text;
using Recorder.Contracts.Events;

namespace Recorder.Plugins.Sinks.Sqlite.Queries;

/// <summary>
/// Bytes that are not UTF-8 (kept in recorded paths and arguments as <see cref="LosslessUtf8"/> text) written as
/// <c>\xNN</c> in tables, and read back from <c>\xNN</c> in a path given to <c>recorder file</c>: what a table shows
/// can be pasted into the question.
/// </summary>
public static class ByteEscapes
{
    /// <summary>The text with each kept byte as <c>\xNN</c>.</summary>
    public static string Show(string text)
    {
        if (!text.Any(IsKeptByte)) return text;
        var bytes = LosslessUtf8.Encode(text);
        var shown = new StringBuilder(text.Length + 8);
        var valid = new UTF8Encoding(false, throwOnInvalidBytes: true);
        for (var i = 0; i < bytes.Length;)
        {
            // Whole valid characters as they are; each byte of an invalid sequence escaped.
            var length = Utf8SequenceLength(bytes, i);
            if (length > 0) { shown.Append(valid.GetString(bytes, i, length)); i += length; }
            else { shown.Append(CultureInfo.InvariantCulture, $"\\x{bytes[i]:x2}"); i++; }
        }
        return shown.ToString();
    }

    /// <summary>The recorded form of a path typed with <c>\xNN</c> escapes (other text as it is).</summary>
    public static string Parse(string text)
    {
        if (!text.Contains("\\x", StringComparison.Ordinal)) return text;
        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 3 < text.Length && text[i + 1] == 'x'
                && byte.TryParse(text.AsSpan(i + 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
            {
                bytes.Add(b);
                i += 3;
                continue;
            }
            var end = char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? i + 2 : i + 1;
            bytes.AddRange(Encoding.UTF8.GetBytes(text[i..end]));
            i = end - 1;
        }
        return LosslessUtf8.Decode(bytes.ToArray());
    }

    private static bool IsKeptByte(char c) => c is >= '\uEF80' and <= '\uEFFF';

    /// <summary>The length of the valid UTF-8 character at <paramref name="i"/>, or 0.</summary>
    private static int Utf8SequenceLength(byte[] bytes, int i)
    {
        for (var length = 1; length <= 4 && i + length <= bytes.Length; length++)
        {
            if (System.Text.Unicode.Utf8.IsValid(bytes.AsSpan(i, length))) return length;
        }
        return 0;
    }
}

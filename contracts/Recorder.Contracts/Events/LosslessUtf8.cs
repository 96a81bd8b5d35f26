using System.Text;
using System.Text.Unicode;

namespace Recorder.Contracts.Events;

/// <summary>
/// Text that keeps bytes which are not valid UTF-8, so an argument or path recorded on Linux or macOS can be given
/// back byte for byte. Valid UTF-8 decodes as usual; each byte of an invalid sequence becomes the private-use
/// character U+EF00 + byte (U+EF80..U+EFFF, as in MirBSD's OPTU-8), which survives JSON, SQLite and every UTF-8
/// store. A character of that range that was really in the input is escaped the same way (its three bytes), so
/// <see cref="Encode"/> always restores the original bytes.
/// </summary>
public static class LosslessUtf8
{
    private const char First = '\uEF80', Last = '\uEFFF';
    private const int Base = 0xEF00;

    /// <summary>The text of <paramref name="bytes"/>; equal to UTF-8 decoding when the bytes are valid UTF-8 without U+EF80..U+EFFF.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes) && !ContainsEscapeRange(bytes)) return Encoding.UTF8.GetString(bytes);
        var text = new StringBuilder(bytes.Length);
        Span<char> chars = stackalloc char[2];
        while (!bytes.IsEmpty)
        {
            var status = System.Text.Rune.DecodeFromUtf8(bytes, out var rune, out var consumed);
            if (status == System.Buffers.OperationStatus.Done && !(rune.Value >= First && rune.Value <= Last))
            {
                text.Append(chars[..rune.EncodeToUtf16(chars)]);
            }
            else
            {
                // Invalid (or an escape-range character): every byte of it on its own. Invalid bytes are >= 0x80.
                for (var i = 0; i < consumed; i++) text.Append((char)(Base + bytes[i]));
            }
            bytes = bytes[consumed..];
        }
        return text.ToString();
    }

    /// <summary>The original bytes of a text made by <see cref="Decode"/>.</summary>
    public static byte[] Encode(string text)
    {
        if (text.AsSpan().IndexOfAnyInRange(First, Last) < 0) return Encoding.UTF8.GetBytes(text);
        var bytes = new List<byte>(text.Length);
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && !(text[i] >= First && text[i] <= Last)) continue;
            bytes.AddRange(Encoding.UTF8.GetBytes(text, start, i - start));
            if (i < text.Length) bytes.Add((byte)(text[i] - Base));
            start = i + 1;
        }
        return bytes.ToArray();
    }

    // U+EF80..U+EFFF in UTF-8: EE BE 80..EE BF BF.
    private static bool ContainsEscapeRange(ReadOnlySpan<byte> bytes)
    {
        for (var i = bytes.IndexOf((byte)0xEE); i >= 0 && i + 1 < bytes.Length; )
        {
            if (bytes[i + 1] is 0xBE or 0xBF) return true;
            var next = bytes[(i + 1)..].IndexOf((byte)0xEE);
            if (next < 0) return false;
            i += 1 + next;
        }
        return false;
    }
}

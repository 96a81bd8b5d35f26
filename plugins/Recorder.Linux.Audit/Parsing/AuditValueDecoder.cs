using System.Buffers;
using System.Text;

namespace Recorder.Linux.Audit.Parsing;

/// <summary>
/// Turns audit field values into text. The kernel and libaudit print an "untrusted string" either in double
/// quotes, or, when it holds a space, a quote, a control byte or non-ASCII, as upper-case hex of its bytes with no
/// quotes. <c>(null)</c>, <c>(none)</c> and <c>?</c> mean "no value".
/// </summary>
public static class AuditValueDecoder
{
    private static readonly SearchValues<byte> HexChars = SearchValues.Create("0123456789ABCDEFabcdef"u8);

    /// <summary>
    /// Names of fields that hold untrusted strings and are hex-encoded when they contain special characters.
    /// Numeric-looking fields (<c>id</c>, <c>old</c>, <c>new</c>) stay out: "1000" has the hex shape too.
    /// EXECVE arguments (<c>a0</c>, <c>a1[2]</c>) are handled by <see cref="IsExecveArgumentName"/>.
    /// </summary>
    private static readonly byte[][] EncodableNames =
    [
        "exe"u8.ToArray(), "cwd"u8.ToArray(), "name"u8.ToArray(), "proctitle"u8.ToArray(), "comm"u8.ToArray(),
        "data"u8.ToArray(), "acct"u8.ToArray(), "cmd"u8.ToArray(), "path"u8.ToArray(), "dir"u8.ToArray(),
        "key"u8.ToArray(), "watch"u8.ToArray(), "ocomm"u8.ToArray(), "root_dir"u8.ToArray(), "sw"u8.ToArray(),
    ];

    /// <summary>True for values that stand for "unknown" or "none".</summary>
    public static bool IsNullValue(ReadOnlySpan<byte> raw) =>
        raw.SequenceEqual("(null)"u8) || raw.SequenceEqual("?"u8) || raw.SequenceEqual("(none)"u8);

    /// <summary>True when <paramref name="name"/> is a field whose unquoted value is hex-encoded text.</summary>
    public static bool IsEncodableName(ReadOnlySpan<byte> name)
    {
        if (IsExecveArgumentName(name)) return true;
        foreach (var candidate in EncodableNames)
        {
            if (name.SequenceEqual(candidate)) return true;
        }
        return false;
    }

    /// <summary>EXECVE argument names: <c>a7</c>, <c>a7[3]</c> (not <c>a7_len</c>, not <c>argc</c>).</summary>
    public static bool IsExecveArgumentName(ReadOnlySpan<byte> name)
    {
        if (name.Length < 2 || name[0] != (byte)'a') return false;
        var i = 1;
        while (i < name.Length && (uint)(name[i] - '0') <= 9) i++;
        if (i == 1) return false;
        if (i == name.Length) return true;
        return name[i] == (byte)'[' && name[^1] == (byte)']';
    }

    /// <summary>True when every byte is a hex digit and the length is even: the shape of an encoded string.</summary>
    public static bool LooksHexEncoded(ReadOnlySpan<byte> raw) =>
        raw.Length >= 2 && (raw.Length & 1) == 0 && !raw.ContainsAnyExcept(HexChars);

    /// <summary>Decodes hex pairs into <paramref name="destination"/>; returns the number of bytes written.</summary>
    public static int DecodeHex(ReadOnlySpan<byte> hex, Span<byte> destination)
    {
        var count = hex.Length / 2;
        for (var i = 0; i < count; i++)
        {
            destination[i] = (byte)((AuditNumber.HexDigit(hex[2 * i]) << 4) | AuditNumber.HexDigit(hex[2 * i + 1]));
        }
        return count;
    }

    /// <summary>
    /// The text of a value: quotes removed, hex decoded when <paramref name="encodable"/> and the value has the hex
    /// shape, null for the "unknown" markers. Hex-decoded bytes that are not UTF-8 are kept (<see cref="Recorder.Contracts.Events.LosslessUtf8"/>).
    /// </summary>
    public static string? DecodeText(ReadOnlySpan<byte> value, bool quoted, bool encodable)
    {
        if (quoted) return Encoding.UTF8.GetString(value);
        if (IsNullValue(value)) return null;
        if (encodable && LooksHexEncoded(value))
        {
            var length = value.Length / 2;
            byte[]? rented = null;
            var buffer = length <= 512 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length));
            try
            {
                var written = DecodeHex(value, buffer);
                // Hex is how the kernel logs names with bytes that need escaping, not all of them UTF-8: keep
                // them all (paths, comm, proctitle) so a file named with such bytes can be found again.
                return Recorder.Contracts.Events.LosslessUtf8.Decode(buffer[..written]);
            }
            finally
            {
                if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
            }
        }
        return Encoding.UTF8.GetString(value);
    }

    /// <summary>
    /// Appends the decoded bytes of a value (quoted text as is, hex decoded) to <paramref name="output"/>.
    /// Used to re-join argument pieces before turning them into text, so multi-byte characters split across
    /// pieces survive.
    /// </summary>
    public static void AppendDecodedBytes(ReadOnlySpan<byte> value, bool quoted, ArrayBufferWriter<byte> output)
    {
        if (quoted || !LooksHexEncoded(value))
        {
            output.Write(value);
            return;
        }
        var span = output.GetSpan(value.Length / 2);
        output.Advance(DecodeHex(value, span));
    }
}

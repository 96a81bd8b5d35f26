namespace Recorder.Linux.Audit.Parsing;

/// <summary>Number parsing over ASCII bytes, without allocation or culture.</summary>
public static class AuditNumber
{
    /// <summary>Parses an optionally negative decimal integer. False when empty, not a number, or too long.</summary>
    public static bool TryParseDecimal(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        var negative = false;
        if (!text.IsEmpty && text[0] == (byte)'-') { negative = true; text = text[1..]; }
        if (text.IsEmpty || text.Length > 19) return false;
        long v = 0;
        foreach (var b in text)
        {
            var d = (uint)(b - '0');
            if (d > 9) return false;
            v = v * 10 + d;
        }
        value = negative ? -v : v;
        return true;
    }

    /// <summary>Parses a non-negative decimal that fits an int.</summary>
    public static bool TryParseDecimal(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        if (!TryParseDecimal(text, out long v) || v < 0 || v > int.MaxValue) return false;
        value = (int)v;
        return true;
    }

    /// <summary>Parses hexadecimal digits (no 0x prefix), as the kernel prints syscall arguments and arch.</summary>
    public static bool TryParseHex(ReadOnlySpan<byte> text, out ulong value)
    {
        value = 0;
        if (text.StartsWith("0x"u8)) text = text[2..];
        if (text.IsEmpty || text.Length > 16) return false;
        ulong v = 0;
        foreach (var b in text)
        {
            var d = HexDigit(b);
            if (d < 0) return false;
            v = (v << 4) | (uint)d;
        }
        value = v;
        return true;
    }

    /// <summary>The value of one hex digit, or -1.</summary>
    public static int HexDigit(byte b)
    {
        if ((uint)(b - '0') <= 9) return b - '0';
        var lower = b | 0x20;
        if ((uint)(lower - 'a') <= 5) return lower - 'a' + 10;
        return -1;
    }
}

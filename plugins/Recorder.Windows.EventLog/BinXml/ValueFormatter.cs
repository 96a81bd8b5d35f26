using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Recorder.Windows.EventLog.BinXml;

/// <summary>
/// Renders a substitution value as Windows renders it in event XML: integers in decimal, hex integers as
/// <c>0x…</c>, GUIDs upper-case in braces, SIDs as <c>S-1-…</c>, FILETIME and SYSTEMTIME as ISO 8601 UTC,
/// binary as upper-case hex; arrays as their items joined with commas.
/// </summary>
internal static class ValueFormatter
{
    private static readonly Encoding Latin1 = Encoding.Latin1;

    /// <summary>The text of a value; <paramref name="value"/> is exactly the value's bytes.</summary>
    public static string Format(byte type, ReadOnlySpan<byte> value)
    {
        if ((type & BinXmlValueType.ArrayFlag) != 0) return FormatArray((byte)(type & 0x7f), value);
        switch (type)
        {
            case BinXmlValueType.Null: return "";
            case BinXmlValueType.WString: return Utf16(value);
            case BinXmlValueType.AnsiString: return Latin1.GetString(value).TrimEnd('\0');
            case BinXmlValueType.Int8: return Fixed(value, 1, v => ((sbyte)v[0]).ToString(CultureInfo.InvariantCulture));
            case BinXmlValueType.UInt8: return Fixed(value, 1, v => v[0].ToString(CultureInfo.InvariantCulture));
            case BinXmlValueType.Int16: return Fixed(value, 2, v => BinaryPrimitives.ReadInt16LittleEndian(v).ToString(CultureInfo.InvariantCulture));
            case BinXmlValueType.UInt16: return Fixed(value, 2, v => BinaryPrimitives.ReadUInt16LittleEndian(v).ToString(CultureInfo.InvariantCulture));
            case BinXmlValueType.Int32: return Fixed(value, 4, v => BinaryPrimitives.ReadInt32LittleEndian(v).ToString(CultureInfo.InvariantCulture));
            case BinXmlValueType.UInt32: return Fixed(value, 4, v => BinaryPrimitives.ReadUInt32LittleEndian(v).ToString(CultureInfo.InvariantCulture));
            case BinXmlValueType.Int64: return Fixed(value, 8, v => BinaryPrimitives.ReadInt64LittleEndian(v).ToString(CultureInfo.InvariantCulture));
            case BinXmlValueType.UInt64: return Fixed(value, 8, v => BinaryPrimitives.ReadUInt64LittleEndian(v).ToString(CultureInfo.InvariantCulture));
            case BinXmlValueType.Real32: return Fixed(value, 4, v => BinaryPrimitives.ReadSingleLittleEndian(v).ToString("R", CultureInfo.InvariantCulture));
            case BinXmlValueType.Real64: return Fixed(value, 8, v => BinaryPrimitives.ReadDoubleLittleEndian(v).ToString("R", CultureInfo.InvariantCulture));
            case BinXmlValueType.Bool: return Fixed(value, 4, v => BinaryPrimitives.ReadUInt32LittleEndian(v) != 0 ? "true" : "false");
            case BinXmlValueType.Binary: return Convert.ToHexString(value);
            case BinXmlValueType.Guid: return Fixed(value, 16, v => new Guid(v).ToString("B").ToUpperInvariant());
            case BinXmlValueType.SizeT:
                return value.Length == 4 ? Hex(BinaryPrimitives.ReadUInt32LittleEndian(value))
                     : Fixed(value, 8, v => Hex(BinaryPrimitives.ReadUInt64LittleEndian(v)));
            case BinXmlValueType.FileTime: return Fixed(value, 8, v => FormatFileTime(BinaryPrimitives.ReadInt64LittleEndian(v)));
            case BinXmlValueType.SysTime: return Fixed(value, 16, FormatSystemTime);
            case BinXmlValueType.Sid: return FormatSid(value);
            case BinXmlValueType.HexInt32: return Fixed(value, 4, v => Hex(BinaryPrimitives.ReadUInt32LittleEndian(v)));
            case BinXmlValueType.HexInt64: return Fixed(value, 8, v => Hex(BinaryPrimitives.ReadUInt64LittleEndian(v)));
            case BinXmlValueType.EvtXml: return Utf16(value);
            default: throw new InvalidDataException($"unknown BinXML value type 0x{type:x2}");
        }
    }

    /// <summary>Bytes of one item of a fixed-size type, or 0 for strings and variable types.</summary>
    private static int ItemSize(byte type) => type switch
    {
        BinXmlValueType.Int8 or BinXmlValueType.UInt8 => 1,
        BinXmlValueType.Int16 or BinXmlValueType.UInt16 => 2,
        BinXmlValueType.Int32 or BinXmlValueType.UInt32 or BinXmlValueType.Real32 or BinXmlValueType.Bool or BinXmlValueType.HexInt32 => 4,
        BinXmlValueType.Int64 or BinXmlValueType.UInt64 or BinXmlValueType.Real64 or BinXmlValueType.FileTime or BinXmlValueType.HexInt64 or BinXmlValueType.SizeT => 8,
        BinXmlValueType.Guid or BinXmlValueType.SysTime => 16,
        _ => 0,
    };

    private static string FormatArray(byte itemType, ReadOnlySpan<byte> value)
    {
        if (itemType == BinXmlValueType.WString)
        {
            var text = Utf16Raw(value).TrimEnd('\0');
            return text.Replace('\0', ',');
        }
        if (itemType == BinXmlValueType.AnsiString) return Latin1.GetString(value).TrimEnd('\0').Replace('\0', ',');
        if (itemType == BinXmlValueType.Sid)
        {
            var sids = new List<string>();
            while (!value.IsEmpty)
            {
                var length = SidLength(value);
                sids.Add(FormatSid(value[..length]));
                value = value[length..];
            }
            return string.Join(",", sids);
        }
        var size = ItemSize(itemType);
        if (size == 0 || value.Length % size != 0)
            throw new InvalidDataException($"array of BinXML value type 0x{itemType:x2} is {value.Length} bytes");
        var items = new string[value.Length / size];
        for (var i = 0; i < items.Length; i++) items[i] = Format(itemType, value.Slice(i * size, size));
        return string.Join(",", items);
    }

    private static string Utf16(ReadOnlySpan<byte> value)
    {
        var text = Utf16Raw(value);
        var nul = text.IndexOf('\0');
        return nul >= 0 ? text[..nul] : text;
    }

    private static string Utf16Raw(ReadOnlySpan<byte> value) => Encoding.Unicode.GetString(value[..(value.Length & ~1)]);

    private static string Fixed(ReadOnlySpan<byte> value, int size, SpanFormatter format)
    {
        if (value.Length != size) throw new InvalidDataException($"value of {value.Length} bytes where {size} were expected");
        return format(value);
    }

    private delegate string SpanFormatter(ReadOnlySpan<byte> value);

    private static string Hex(ulong value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    /// <summary>FILETIME (100 ns since 1601) as <c>yyyy-MM-ddTHH:mm:ss.fffffffZ</c>, as Windows renders SystemTime.</summary>
    public static string FormatFileTime(long fileTime)
    {
        if (fileTime < 0 || fileTime > DateTime.MaxValue.Ticks - FileTimeEpochTicks)
            throw new InvalidDataException($"FILETIME {fileTime} is out of range");
        return new DateTime(FileTimeEpochTicks + fileTime, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
    }

    public const long FileTimeEpochTicks = 504911232000000000L; // 1601-01-01 in DateTime ticks

    private static string FormatSystemTime(ReadOnlySpan<byte> v)
    {
        Span<int> part = stackalloc int[8];
        for (var i = 0; i < 8; i++) part[i] = BinaryPrimitives.ReadUInt16LittleEndian(v[(i * 2)..]);
        try
        {
            // year, month, day of week, day, hour, minute, second, milliseconds
            var time = new DateTime(part[0], part[1], part[3], part[4], part[5], part[6], part[7], DateTimeKind.Utc);
            return time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new InvalidDataException("SYSTEMTIME out of range");
        }
    }

    private static int SidLength(ReadOnlySpan<byte> value)
    {
        if (value.Length < 8) throw new InvalidDataException($"SID of {value.Length} bytes");
        var length = 8 + 4 * value[1];
        if (value.Length < length) throw new InvalidDataException($"SID of {value.Length} bytes names {value[1]} sub-authorities");
        return length;
    }

    public static string FormatSid(ReadOnlySpan<byte> value)
    {
        var length = SidLength(value);
        ulong authority = 0;
        for (var i = 2; i < 8; i++) authority = (authority << 8) | value[i];
        var builder = new StringBuilder("S-");
        builder.Append(value[0].ToString(CultureInfo.InvariantCulture)).Append('-').Append(authority.ToString(CultureInfo.InvariantCulture));
        for (var offset = 8; offset < length; offset += 4)
            builder.Append('-').Append(BinaryPrimitives.ReadUInt32LittleEndian(value[offset..]).ToString(CultureInfo.InvariantCulture));
        return builder.ToString();
    }
}

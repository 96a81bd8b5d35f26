using System.Buffers.Binary;
using System.Net;
using Recorder.Contracts.Events;

namespace Recorder.MacOS.Bsm;

/// <summary>
/// Big-endian reads over a record's bytes. Every read checks the bounds first and throws
/// <see cref="BsmFormatException"/> naming the offset, so a damaged length can never read past the record.
/// </summary>
internal ref struct BsmCursor(ReadOnlySpan<byte> bytes)
{
    private readonly ReadOnlySpan<byte> _bytes = bytes;

    public int Position { get; private set; }

    public readonly int Remaining => _bytes.Length - Position;

    public byte U8() => Take(1, "a byte")[0];
    public ushort U16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2, "a 16-bit field"));
    public uint U32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4, "a 32-bit field"));
    public ulong U64() => BinaryPrimitives.ReadUInt64BigEndian(Take(8, "a 64-bit field"));

    public ReadOnlySpan<byte> Take(int count, string what)
    {
        if (count < 0 || count > Remaining)
            throw new BsmFormatException(Position, $"{what} of {count} bytes runs past the end ({Remaining} left)");
        var slice = _bytes.Slice(Position, count);
        Position += count;
        return slice;
    }

    /// <summary>A string with a 16-bit length that counts its NUL terminator (path, text, zonename, arg).</summary>
    public string CountedString(string what)
    {
        var length = U16();
        var bytes = Take(length, what);
        var end = bytes.IndexOf((byte)0);
        return LosslessUtf8.Decode(end >= 0 ? bytes[..end] : bytes);
    }

    /// <summary>A NUL-terminated string (exec_args, exec_env).</summary>
    public string TerminatedString(string what)
    {
        var end = _bytes[Position..].IndexOf((byte)0);
        if (end < 0) throw new BsmFormatException(Position, $"{what} has no NUL terminator before the end");
        var value = LosslessUtf8.Decode(_bytes.Slice(Position, end));
        Position += end + 1;
        return value;
    }

    /// <summary>A string ending at its NUL or after <paramref name="max"/> bytes, whichever comes first (sockunix).</summary>
    public string BoundedTerminatedString(int max)
    {
        var room = _bytes.Slice(Position, Math.Min(Remaining, max));
        var end = room.IndexOf((byte)0);
        Position += end >= 0 ? end + 1 : room.Length;
        return LosslessUtf8.Decode(end >= 0 ? room[..end] : room);
    }

    public IPAddress IPv4() => new(Take(4, "an IPv4 address"));

    /// <summary>An address preceded by its 32-bit type, AU_IPv4 (4) or AU_IPv6 (16).</summary>
    public IPAddress TypedAddress32()
    {
        var at = Position;
        var type = U32();
        return type switch
        {
            4 => new IPAddress(Take(4, "an IPv4 address")),
            16 => new IPAddress(Take(16, "an IPv6 address")),
            _ => throw new BsmFormatException(at, $"address type {type} is neither 4 (IPv4) nor 16 (IPv6)"),
        };
    }

    /// <summary>Seconds and milliseconds since 1970 (the header's "msec" is milliseconds, whatever au_to_header says).</summary>
    public DateTime Time(ulong seconds, ulong milliseconds, int at)
    {
        const ulong maxSeconds = 253_000_000_000; // before 9999, with room for the milliseconds
        if (seconds > maxSeconds || milliseconds > uint.MaxValue)
            throw new BsmFormatException(at, $"time {seconds}.{milliseconds:D3} is out of range");
        return DateTime.UnixEpoch.AddSeconds(seconds).AddMilliseconds(milliseconds);
    }
}

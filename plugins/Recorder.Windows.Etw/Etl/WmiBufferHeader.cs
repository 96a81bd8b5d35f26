using System.Buffers.Binary;

namespace Recorder.Windows.Etw.Etl;

/// <summary>
/// The 0x48-byte header that starts every fixed-size buffer of an .etl file (WMI_BUFFER_HEADER, as Geoff Chappell
/// documents it): the buffer's size, where its valid data ends, the per-CPU sequence number that orders buffers
/// (file order is not time order) and the processor whose events it holds.
/// </summary>
internal readonly record struct WmiBufferHeader(
    uint BufferSize, uint SavedOffset, long TimeStamp, long SequenceNumber, ushort ProcessorIndex, ushort LoggerId,
    uint State, ushort BufferFlag, ushort BufferType)
{
    public const int Size = 0x48;

    /// <summary>BufferFlag: the buffer's events are compressed (MS-XCA), which this reader does not decode.</summary>
    public const ushort FlagCompressed = 0x40;

    /// <summary>BufferType of the first buffer, the one that holds the trace header event.</summary>
    public const ushort TypeHeader = 4;

    /// <summary>Reads the header at the start of <paramref name="buffer"/> (at least <see cref="Size"/> bytes).</summary>
    public static WmiBufferHeader Read(ReadOnlySpan<byte> buffer) => new(
        BufferSize: BinaryPrimitives.ReadUInt32LittleEndian(buffer),
        SavedOffset: BinaryPrimitives.ReadUInt32LittleEndian(buffer[0x04..]),
        TimeStamp: BinaryPrimitives.ReadInt64LittleEndian(buffer[0x10..]),
        SequenceNumber: BinaryPrimitives.ReadInt64LittleEndian(buffer[0x18..]),
        ProcessorIndex: BinaryPrimitives.ReadUInt16LittleEndian(buffer[0x28..]),
        LoggerId: BinaryPrimitives.ReadUInt16LittleEndian(buffer[0x2A..]),
        State: BinaryPrimitives.ReadUInt32LittleEndian(buffer[0x2C..]),
        BufferFlag: BinaryPrimitives.ReadUInt16LittleEndian(buffer[0x34..]),
        BufferType: BinaryPrimitives.ReadUInt16LittleEndian(buffer[0x36..]));

    /// <summary>Why this header cannot belong to a buffer of <paramref name="expectedSize"/> bytes, or null when it can.</summary>
    public string? Problem(uint expectedSize)
    {
        if (BufferSize != expectedSize) return $"buffer size {BufferSize} differs from the file's {expectedSize}";
        if (SavedOffset < Size || SavedOffset > BufferSize) return $"buffer's end of data {SavedOffset} is outside 0x48..{BufferSize}";
        if ((BufferFlag & FlagCompressed) != 0) return "compressed buffers are not supported";
        return null;
    }
}

using System.Buffers.Binary;
using Recorder.Windows.Etw.Etl;

namespace Recorder.Windows.Etw.Replay;

/// <summary>
/// Writes events as a BPerf trace log (.btl), the format TraceEvent's public, managed <c>BPerfEventSource</c>
/// replays: chunks of <c>[int32 stored size][int32 size][bytes]</c>, each a list of x64 EVENT_RECORD memory images
/// (112 bytes, pointers zero: the reader patches them) followed by the payload (8-aligned), the extended data items
/// (16 bytes each) and their data (8-aligned), every record 16-aligned. Chunks are stored uncompressed and kept under
/// the reader's 1 MiB read-ahead.
/// </summary>
public sealed class BtlWriter : IDisposable
{
    public const int EventRecordSize = 112;
    private const int ExtendedItemSize = 16;
    private const int ChunkLimit = 512 * 1024;

    private readonly Stream _output;
    private readonly byte[] _chunk = new byte[ChunkLimit];
    private int _used;

    public BtlWriter(Stream output) => _output = output;

    /// <summary>Records written.</summary>
    public long Count { get; private set; }

    /// <summary>
    /// Writes the trace header event, re-laid out as a 32-bit TRACE_LOGFILE_HEADER (BPerfEventSource reads its
    /// session clock from that fixed layout); it must be the first record.
    /// </summary>
    public void WriteHeader(EtlRecord headerEvent, TraceLogfileHeader header)
    {
        var flags = (ushort)((headerEvent.Flags & ~EtlRecord.Flag64BitHeader) | EtlRecord.Flag32BitHeader);
        Write(headerEvent, header.To32BitLayout(headerEvent.Payload.Span), flags);
    }

    /// <summary>Writes one event as the EVENT_RECORD Windows' ProcessTrace would have made of it.</summary>
    public void Write(EtlRecord record) => Write(record, record.Payload.Span, record.Flags);

    private void Write(EtlRecord record, ReadOnlySpan<byte> payload, ushort flags)
    {
        var size = Align(EventRecordSize + payload.Length, 8) + ExtendedItemSize * record.ExtendedData.Count;
        foreach (var item in record.ExtendedData) size = Align(size + item.Data.Length, 8);
        size = Align(size, 16);
        if (size > ChunkLimit) throw new ArgumentException($"event of {payload.Length} bytes is too large to replay", nameof(record));
        if (_used + size > ChunkLimit) FlushChunk();

        var span = _chunk.AsSpan(_used, size);
        span.Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(span, record.HeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], flags);
        BinaryPrimitives.WriteUInt16LittleEndian(span[6..], record.EventProperty);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], record.ThreadId);
        BinaryPrimitives.WriteUInt32LittleEndian(span[12..], record.ProcessId);
        BinaryPrimitives.WriteInt64LittleEndian(span[16..], record.TimeStamp);
        record.ProviderId.TryWriteBytes(span[24..]);
        BinaryPrimitives.WriteUInt16LittleEndian(span[40..], record.Id);
        span[42] = record.Version;
        span[43] = record.Channel;
        span[44] = record.Level;
        span[45] = record.Opcode;
        BinaryPrimitives.WriteUInt16LittleEndian(span[46..], record.Task);
        BinaryPrimitives.WriteUInt64LittleEndian(span[48..], record.Keyword);
        BinaryPrimitives.WriteUInt32LittleEndian(span[56..], record.KernelTime);
        BinaryPrimitives.WriteUInt32LittleEndian(span[60..], record.UserTime);
        record.ActivityId.TryWriteBytes(span[64..]);
        BinaryPrimitives.WriteUInt16LittleEndian(span[80..], record.ProcessorIndex);
        BinaryPrimitives.WriteUInt16LittleEndian(span[82..], record.LoggerId);
        BinaryPrimitives.WriteUInt16LittleEndian(span[84..], (ushort)record.ExtendedData.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(span[86..], (ushort)payload.Length);
        payload.CopyTo(span[EventRecordSize..]);

        var at = Align(EventRecordSize + payload.Length, 8);
        var data = at + ExtendedItemSize * record.ExtendedData.Count;
        foreach (var item in record.ExtendedData)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(span[(at + 2)..], item.ExtType);
            BinaryPrimitives.WriteUInt16LittleEndian(span[(at + 6)..], (ushort)item.Data.Length);
            item.Data.Span.CopyTo(span[data..]);
            at += ExtendedItemSize;
            data = Align(data + item.Data.Length, 8);
        }
        _used += size;
        Count++;
    }

    /// <summary>Writes what is buffered.</summary>
    public void Flush()
    {
        FlushChunk();
        _output.Flush();
    }

    private void FlushChunk()
    {
        if (_used == 0) return;
        Span<byte> lengths = stackalloc byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(lengths, _used);
        BinaryPrimitives.WriteInt32LittleEndian(lengths[4..], _used);
        _output.Write(lengths);
        _output.Write(_chunk, 0, _used); // _used is 16-aligned, so the next chunk's lengths are 4-aligned
        _used = 0;
    }

    public void Dispose() => Flush();

    private static int Align(int value, int alignment) => (value + alignment - 1) & ~(alignment - 1);
}

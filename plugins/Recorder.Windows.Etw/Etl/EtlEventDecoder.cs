using System.Buffers.Binary;

namespace Recorder.Windows.Etw.Etl;

/// <summary>
/// Decodes the event that starts at an offset of a buffer. The first four bytes decide the layout: a 16-bit version
/// or size, the header type (system, compact, PerfInfo, event, trace; 32- or 64-bit) and flags with the 0x80 marker.
/// Every size is checked against the buffer's end of data before it is used.
/// </summary>
internal static class EtlEventDecoder
{
    public enum Outcome { Record, Skipped, End, Damaged }

    private const int SystemHeaderSize = 32;
    private const int CompactHeaderSize = 24;
    private const int PerfInfoHeaderSize = 16;
    private const int EventHeaderSize = 80;
    private const int TraceHeaderSize = 48;
    private const int InstanceHeaderSize = 56;

    /// <summary>
    /// Decodes the event at <paramref name="offset"/> of <paramref name="buffer"/>, whose valid data ends at
    /// <paramref name="end"/>. <paramref name="next"/> is where the following event starts (8-byte aligned).
    /// </summary>
    public static Outcome Decode(ReadOnlyMemory<byte> buffer, int offset, int end, in WmiBufferHeader header, long bufferFileOffset,
        out EtlRecord? record, out int next, out string? problem)
    {
        record = null;
        next = end;
        problem = null;
        var span = buffer.Span;
        if (offset + 4 > end) return Outcome.End;
        var marker = BinaryPrimitives.ReadUInt32LittleEndian(span[offset..]);
        if (marker == 0xFFFFFFFF) return Outcome.End; // the unused tail is filled with 0xFF
        var headerType = span[offset + 2];
        var markerFlags = span[offset + 3];
        if ((markerFlags & 0x80) == 0)
        {
            problem = $"no event header marker (0x{marker:x8})";
            return Outcome.Damaged;
        }
        var first = BinaryPrimitives.ReadUInt16LittleEndian(span[offset..]);
        int headerSize, size;
        bool is64;
        switch (headerType)
        {
            case 0x01 or 0x02: headerSize = SystemHeaderSize; is64 = headerType == 0x02; size = Read16(span, offset + 4); break;
            case 0x03 or 0x04: headerSize = CompactHeaderSize; is64 = headerType == 0x04; size = Read16(span, offset + 4); break;
            case 0x10 or 0x11:
                // PEBS index and PMC counters follow the header; the version's high bits count them.
                headerSize = PerfInfoHeaderSize + ((first & 0x8000) != 0 ? 8 : 0) + 8 * ((first >> 8) & 0x07);
                is64 = headerType == 0x11;
                size = Read16(span, offset + 4);
                break;
            case 0x12 or 0x13: headerSize = EventHeaderSize; is64 = headerType == 0x13; size = first; break;
            case 0x0A or 0x14: headerSize = TraceHeaderSize; is64 = headerType == 0x14; size = first; break;
            case 0x0B or 0x15: headerSize = InstanceHeaderSize; is64 = headerType == 0x15; size = first; break;
            default:
                problem = $"unknown event header type 0x{headerType:x2}";
                return Outcome.Damaged;
        }
        if (size < headerSize || offset + size > end)
        {
            problem = $"event size {size} does not fit (header {headerSize} bytes, {end - offset} bytes left in the buffer)";
            return Outcome.Damaged;
        }
        next = Align8(offset + size);
        var fileOffset = bufferFileOffset + offset;
        var pointerFlag = is64 ? EtlRecord.Flag64BitHeader : EtlRecord.Flag32BitHeader;
        var context = (Processor: header.ProcessorIndex, Logger: header.LoggerId);
        switch (headerType)
        {
            case 0x01 or 0x02 or 0x03 or 0x04 or 0x10 or 0x11:
                {
                    var type = span[offset + 6];
                    var group = span[offset + 7];
                    var classGuid = KernelEventClasses.ClassOf(group, type);
                    if (classGuid is null)
                    {
                        problem = $"unknown kernel event group 0x{group:x2} (type {type})";
                        return Outcome.Skipped;
                    }
                    var perfInfo = headerType >= 0x10;
                    var full = headerType <= 0x02;
                    var extended = new List<EtlExtendedItem>();
                    if (perfInfo && headerSize > PerfInfoHeaderSize)
                    {
                        var at = offset + PerfInfoHeaderSize;
                        if ((first & 0x8000) != 0) { extended.Add(new(7, buffer.Slice(at, 8))); at += 8; }
                        var counters = (first >> 8) & 0x07;
                        if (counters > 0) extended.Add(new(8, buffer.Slice(at, 8 * counters)));
                    }
                    record = new EtlRecord
                    {
                        FileOffset = fileOffset,
                        Kind = perfInfo ? EtlHeaderKind.PerfInfo : full ? EtlHeaderKind.System : EtlHeaderKind.Compact,
                        Group = group,
                        ProviderId = classGuid.Value,
                        Flags = (ushort)(EtlRecord.FlagClassicHeader | pointerFlag | (full ? 0 : EtlRecord.FlagNoCpuTime)
                            | (extended.Count > 0 ? EtlRecord.FlagExtendedInfo : 0)),
                        Opcode = type,
                        Version = (byte)(first & 0xFF),
                        ThreadId = perfInfo ? uint.MaxValue : Read32(span, offset + 8),
                        ProcessId = perfInfo ? uint.MaxValue : Read32(span, offset + 12),
                        TimeStamp = BinaryPrimitives.ReadInt64LittleEndian(span[(offset + (perfInfo ? 8 : 16))..]),
                        KernelTime = full ? Read32(span, offset + 24) : 0,
                        UserTime = full ? Read32(span, offset + 28) : 0,
                        ProcessorIndex = context.Processor,
                        LoggerId = context.Logger,
                        HeaderSize = (ushort)headerSize,
                        Payload = buffer.Slice(offset + headerSize, size - headerSize),
                        ExtendedData = extended,
                    };
                    return Outcome.Record;
                }
            case 0x12 or 0x13:
                {
                    var flags = Read16(span, offset + 4);
                    var dataStart = offset + EventHeaderSize;
                    var extended = new List<EtlExtendedItem>();
                    if ((flags & EtlRecord.FlagExtendedInfo) != 0)
                    {
                        // Items {u16 reserved, u16 type, u16 linkage, u16 size, data}, 8-aligned, chained while linkage bit 0 is set.
                        var eventEnd = offset + size;
                        while (true)
                        {
                            if (dataStart + 8 > eventEnd)
                            {
                                problem = "extended data item runs past the event";
                                return Outcome.Damaged;
                            }
                            var extType = Read16(span, dataStart + 2);
                            var linkage = Read16(span, dataStart + 4);
                            var dataSize = Read16(span, dataStart + 6);
                            if (dataStart + 8 + dataSize > eventEnd)
                            {
                                problem = $"extended data item of {dataSize} bytes runs past the event";
                                return Outcome.Damaged;
                            }
                            extended.Add(new((ushort)extType, buffer.Slice(dataStart + 8, dataSize)));
                            dataStart = Math.Min(eventEnd, Align8(dataStart + 8 + dataSize));
                            if ((linkage & 1) == 0) break;
                        }
                    }
                    record = new EtlRecord
                    {
                        FileOffset = fileOffset,
                        Kind = EtlHeaderKind.Event,
                        ProviderId = new Guid(span.Slice(offset + 24, 16)),
                        Flags = (ushort)(flags | pointerFlag),
                        EventProperty = (ushort)Read16(span, offset + 6),
                        ThreadId = Read32(span, offset + 8),
                        ProcessId = Read32(span, offset + 12),
                        TimeStamp = BinaryPrimitives.ReadInt64LittleEndian(span[(offset + 16)..]),
                        Id = (ushort)Read16(span, offset + 40),
                        Version = span[offset + 42],
                        Channel = span[offset + 43],
                        Level = span[offset + 44],
                        Opcode = span[offset + 45],
                        Task = (ushort)Read16(span, offset + 46),
                        Keyword = BinaryPrimitives.ReadUInt64LittleEndian(span[(offset + 48)..]),
                        KernelTime = Read32(span, offset + 56),
                        UserTime = Read32(span, offset + 60),
                        ActivityId = new Guid(span.Slice(offset + 64, 16)),
                        ProcessorIndex = context.Processor,
                        LoggerId = context.Logger,
                        HeaderSize = EventHeaderSize,
                        Payload = buffer[dataStart..(offset + size)],
                        ExtendedData = extended,
                    };
                    return Outcome.Record;
                }
            case 0x0A or 0x14:
                record = new EtlRecord
                {
                    FileOffset = fileOffset,
                    Kind = EtlHeaderKind.Trace,
                    ProviderId = new Guid(span.Slice(offset + 24, 16)),
                    Flags = (ushort)(EtlRecord.FlagClassicHeader | pointerFlag),
                    Opcode = span[offset + 4],
                    Level = span[offset + 5],
                    Version = (byte)Read16(span, offset + 6),
                    ThreadId = Read32(span, offset + 8),
                    ProcessId = Read32(span, offset + 12),
                    TimeStamp = BinaryPrimitives.ReadInt64LittleEndian(span[(offset + 16)..]),
                    KernelTime = Read32(span, offset + 40),
                    UserTime = Read32(span, offset + 44),
                    ProcessorIndex = context.Processor,
                    LoggerId = context.Logger,
                    HeaderSize = TraceHeaderSize,
                    Payload = buffer.Slice(offset + TraceHeaderSize, size - TraceHeaderSize),
                };
                return Outcome.Record;
            default:
                // Instance headers (rare in kernel traces) are counted and skipped.
                problem = "instance event header (not decoded)";
                return Outcome.Skipped;
        }
    }

    private static int Read16(ReadOnlySpan<byte> span, int at) => BinaryPrimitives.ReadUInt16LittleEndian(span[at..]);

    private static uint Read32(ReadOnlySpan<byte> span, int at) => BinaryPrimitives.ReadUInt32LittleEndian(span[at..]);

    private static int Align8(int value) => (value + 7) & ~7;
}

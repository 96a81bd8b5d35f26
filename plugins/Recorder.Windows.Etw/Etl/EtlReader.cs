using System.Buffers.Binary;

namespace Recorder.Windows.Etw.Etl;

/// <summary>
/// Reads an .etl file as Windows' ProcessTrace would deliver it: the trace header first, then every event of every
/// buffer, the per-CPU streams (each CPU's buffers in sequence order) merged by timestamp. Streams: one buffer per
/// CPU is held at a time. Untrusted input: every size and offset is checked; a damaged buffer or event is reported
/// with its file offset and skipped, and a file whose first buffer is not a trace header is refused with
/// an <see cref="InvalidDataException"/> naming the file and the offset.
/// </summary>
public sealed class EtlReader
{
    /// <summary>Largest buffer size accepted (ETW allows up to 16 MiB).</summary>
    public const int MaximumBufferSize = 16 << 20;

    private readonly Stream _input;
    private readonly string _fileName;
    private readonly Action<EtlProblem> _onProblem;
    private readonly uint _bufferSize;
    private readonly List<(long Offset, WmiBufferHeader Header)> _buffers = [];

    /// <summary>Opens <paramref name="input"/> (copied to memory when it cannot seek) and reads its header and buffer index.</summary>
    /// <exception cref="InvalidDataException">The file does not start with a trace header buffer.</exception>
    public EtlReader(Stream input, string fileName, Action<EtlProblem>? onProblem = null)
    {
        _fileName = fileName;
        _onProblem = onProblem ?? (_ => { });
        if (!input.CanSeek)
        {
            var copy = new MemoryStream();
            input.CopyTo(copy);
            copy.Position = 0;
            input = copy;
        }
        _input = input;
        var head = new byte[WmiBufferHeader.Size];
        input.Position = 0;
        if (input.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) < head.Length)
            throw Refuse(0, $"not an ETL file: {input.Length} bytes, shorter than a buffer header");
        var first = WmiBufferHeader.Read(head);
        if (first.BufferSize < WmiBufferHeader.Size + 32 || first.BufferSize > MaximumBufferSize || first.BufferSize % 8 != 0)
            throw Refuse(0, $"not an ETL file: buffer size {first.BufferSize}");
        _bufferSize = first.BufferSize;
        if (first.Problem(_bufferSize) is { } problem) throw Refuse(0, "not an ETL file: " + problem);
        if (input.Length < _bufferSize) throw Refuse(0, $"not an ETL file: truncated first buffer ({input.Length} of {_bufferSize} bytes)");

        var buffer = LoadBuffer(0);
        var outcome = EtlEventDecoder.Decode(buffer, WmiBufferHeader.Size, (int)first.SavedOffset, first, 0, out var headerEvent, out _, out var why);
        if (outcome != EtlEventDecoder.Outcome.Record || headerEvent!.ProviderId != KernelEventClasses.EventTrace || headerEvent.Opcode != 0)
            throw Refuse(WmiBufferHeader.Size, "not an ETL file: the first event is not the trace header" + (why is null ? "" : $" ({why})"));
        Header = TraceLogfileHeader.Read(headerEvent.Payload.Span, headerEvent.Is64Bit)
            ?? throw Refuse(WmiBufferHeader.Size, $"trace header of {headerEvent.Payload.Length} bytes is too short");
        if (Header.ClockType is not (1 or TraceLogfileHeader.ClockSystemTime))
            throw Refuse(WmiBufferHeader.Size, $"clock type {Header.ClockType} (CPU cycles) is not supported");
        if (Header.ClockFrequency <= 0) throw Refuse(WmiBufferHeader.Size, $"clock frequency {Header.ClockFrequency}");
        HeaderEvent = headerEvent;
        IndexBuffers();
    }

    /// <summary>The session's header (clock, OS version, processors, logger name).</summary>
    public TraceLogfileHeader Header { get; }

    /// <summary>The header event itself, as TraceEvent expects to see it first.</summary>
    public EtlRecord HeaderEvent { get; }

    /// <summary>How many buffers the file holds (damaged ones included).</summary>
    public int BufferCount { get; private set; }

    /// <summary>Events read so far by <see cref="ReadEvents"/> (the header event not counted).</summary>
    public long EventCount { get; private set; }

    /// <summary>Events and buffers skipped as damaged or not decodable.</summary>
    public long Skipped { get; private set; }

    /// <summary>Every event after the header, per-CPU streams merged by timestamp.</summary>
    public IEnumerable<EtlRecord> ReadEvents(CancellationToken cancellationToken = default)
    {
        var streams = _buffers.GroupBy(b => b.Header.ProcessorIndex)
            .OrderBy(g => g.Key)
            .Select(g => ReadCpu(g.OrderBy(b => b.Header.SequenceNumber).ThenBy(b => b.Offset).ToList()).GetEnumerator())
            .ToList();
        var queue = new PriorityQueue<IEnumerator<EtlRecord>, (long Time, int Cpu)>();
        for (var cpu = 0; cpu < streams.Count; cpu++)
            if (streams[cpu].MoveNext()) queue.Enqueue(streams[cpu], (streams[cpu].Current.TimeStamp, cpu));
        while (queue.TryDequeue(out var stream, out var key))
        {
            cancellationToken.ThrowIfCancellationRequested();
            EventCount++;
            yield return stream.Current;
            if (stream.MoveNext()) queue.Enqueue(stream, (stream.Current.TimeStamp, key.Cpu));
        }
    }

    private IEnumerable<EtlRecord> ReadCpu(List<(long Offset, WmiBufferHeader Header)> buffers)
    {
        foreach (var (bufferOffset, header) in buffers)
        {
            var buffer = LoadBuffer(bufferOffset);
            var offset = WmiBufferHeader.Size;
            var end = (int)header.SavedOffset;
            while (offset < end)
            {
                var outcome = EtlEventDecoder.Decode(buffer, offset, end, header, bufferOffset, out var record, out var next, out var problem);
                if (outcome == EtlEventDecoder.Outcome.End) break;
                if (outcome == EtlEventDecoder.Outcome.Damaged)
                {
                    // Sizes can no longer be trusted: the rest of this buffer is skipped.
                    Report(bufferOffset + offset, problem!);
                    break;
                }
                if (outcome == EtlEventDecoder.Outcome.Skipped)
                {
                    Report(bufferOffset + offset, problem!);
                }
                else if (record!.FileOffset != HeaderEvent.FileOffset)
                {
                    yield return record;
                }
                offset = next;
            }
        }
    }

    private void IndexBuffers()
    {
        var length = _input.Length;
        var head = new byte[WmiBufferHeader.Size];
        for (long offset = 0; offset < length; offset += _bufferSize)
        {
            BufferCount++;
            if (offset + _bufferSize > length)
            {
                Report(offset, $"truncated buffer: {length - offset} of {_bufferSize} bytes");
                break;
            }
            _input.Position = offset;
            _input.ReadExactly(head);
            var header = WmiBufferHeader.Read(head);
            if (header.Problem(_bufferSize) is { } problem)
            {
                Report(offset, problem);
                continue;
            }
            _buffers.Add((offset, header));
        }
    }

    private ReadOnlyMemory<byte> LoadBuffer(long offset)
    {
        var bytes = new byte[_bufferSize];
        _input.Position = offset;
        _input.ReadExactly(bytes);
        return bytes;
    }

    private void Report(long offset, string message)
    {
        Skipped++;
        _onProblem(new EtlProblem(offset, message));
    }

    private InvalidDataException Refuse(long offset, string message) => EtlFormatError.At(_fileName, offset, message);

    /// <summary>True when <paramref name="head"/> starts like an .etl file: a plausible buffer header followed by the trace header event.</summary>
    public static bool HasSignature(ReadOnlySpan<byte> head)
    {
        if (head.Length < WmiBufferHeader.Size + 8) return false;
        var size = BinaryPrimitives.ReadUInt32LittleEndian(head);
        var type = BinaryPrimitives.ReadUInt16LittleEndian(head[0x36..]);
        var marker = head[WmiBufferHeader.Size..];
        return size is >= WmiBufferHeader.Size and <= MaximumBufferSize && type == WmiBufferHeader.TypeHeader
            && marker[2] is 0x01 or 0x02 && (marker[3] & 0xC0) == 0xC0 && marker[6] == 0 && marker[7] == KernelEventClasses.GroupHeader;
    }
}

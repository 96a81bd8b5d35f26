using System.Buffers.Binary;
using System.Text;

namespace Recorder.Windows.Etw.Etl;

/// <summary>
/// The trace's own header (TRACE_LOGFILE_HEADER), the payload of the first event of the first buffer (group Header,
/// type 0): the session clock, the OS version, the processors and the session's name. Its layout depends on the
/// pointer size of the machine that wrote it (the two logger-name pointers at 0x38 are 4 or 8 bytes).
/// </summary>
public sealed record TraceLogfileHeader
{
    /// <summary>Clock type 2: timestamps are system time in 100 ns, so the frequency is 10^7.</summary>
    public const int ClockSystemTime = 2;
    private const int TimeZoneSize = 172;

    public uint BufferSize { get; init; }
    /// <summary>OS version: major in the low byte, minor in the next, build in the high half.</summary>
    public uint Version { get; init; }
    public uint ProviderVersion { get; init; }
    public uint NumberOfProcessors { get; init; }
    public long EndTime { get; init; }
    public uint PointerSize { get; init; }
    public uint EventsLost { get; init; }
    public uint BuffersLost { get; init; }
    public uint CpuSpeedMHz { get; init; }
    public int BiasMinutes { get; init; }
    public long BootTime { get; init; }
    public long PerfFrequency { get; init; }
    /// <summary>FILETIME (UTC) of the session start; the header event's timestamp is the clock's value then.</summary>
    public long StartTime { get; init; }
    public uint ClockType { get; init; }
    public string LoggerName { get; init; } = "";
    public string LogFileName { get; init; } = "";
    /// <summary>The time-zone block as stored (172 bytes).</summary>
    public ReadOnlyMemory<byte> TimeZone { get; init; }

    /// <summary>Ticks per second of the event timestamps.</summary>
    public long ClockFrequency => ClockType == ClockSystemTime ? 10_000_000 : PerfFrequency;

    public DateTime StartTimeUtc => DateTime.FromFileTimeUtc(StartTime);

    /// <summary>Reads the header from the header event's payload; null when it is too short to be one.</summary>
    public static TraceLogfileHeader? Read(ReadOnlySpan<byte> payload, bool is64Bit)
    {
        var pointers = is64Bit ? 16 : 8;
        var timeZone = 0x38 + pointers;
        var times = (timeZone + TimeZoneSize + 7) & ~7; // BootTime is 8-aligned after the time zone
        var strings = times + 0x20;
        if (payload.Length < strings) return null;
        var (logger, afterLogger) = WideString(payload, strings);
        var (logFile, _) = WideString(payload, afterLogger);
        return new TraceLogfileHeader
        {
            BufferSize = U32(payload, 0x00),
            Version = U32(payload, 0x04),
            ProviderVersion = U32(payload, 0x08),
            NumberOfProcessors = U32(payload, 0x0C),
            EndTime = BinaryPrimitives.ReadInt64LittleEndian(payload[0x10..]),
            PointerSize = U32(payload, 0x2C),
            EventsLost = U32(payload, 0x30),
            CpuSpeedMHz = U32(payload, 0x34),
            BiasMinutes = BinaryPrimitives.ReadInt32LittleEndian(payload[timeZone..]),
            TimeZone = payload.Slice(timeZone, TimeZoneSize).ToArray(),
            BootTime = BinaryPrimitives.ReadInt64LittleEndian(payload[times..]),
            PerfFrequency = BinaryPrimitives.ReadInt64LittleEndian(payload[(times + 8)..]),
            StartTime = BinaryPrimitives.ReadInt64LittleEndian(payload[(times + 16)..]),
            ClockType = U32(payload, times + 24),
            BuffersLost = U32(payload, times + 28),
            LoggerName = logger,
            LogFileName = logFile,
        };
    }

    /// <summary>
    /// The header laid out for a 32-bit writer, with the bias also at 0x44 and the frequency the clock's: the fixed
    /// layout BPerfEventSource reads its session clock from, whatever the original pointer size.
    /// </summary>
    public byte[] To32BitLayout(ReadOnlySpan<byte> originalPayload)
    {
        var strings = Encoding.Unicode.GetBytes(LoggerName + "\0" + LogFileName + "\0");
        var bytes = new byte[0x110 + strings.Length];
        originalPayload[..0x38].CopyTo(bytes); // the same in both layouts
        TimeZone.Span.CopyTo(bytes.AsSpan(0x40));
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(0x44), BiasMinutes);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(0xF0), BootTime);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(0xF8), ClockFrequency);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(0x100), StartTime);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(0x108), ClockType);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(0x10C), BuffersLost);
        strings.CopyTo(bytes.AsSpan(0x110));
        return bytes;
    }

    private static uint U32(ReadOnlySpan<byte> span, int at) => BinaryPrimitives.ReadUInt32LittleEndian(span[at..]);

    private static (string Text, int Next) WideString(ReadOnlySpan<byte> span, int at)
    {
        var end = at;
        while (end + 1 < span.Length && (span[end] != 0 || span[end + 1] != 0)) end += 2;
        var text = Encoding.Unicode.GetString(span[at..Math.Min(end, span.Length)]);
        return (text, Math.Min(end + 2, span.Length));
    }
}

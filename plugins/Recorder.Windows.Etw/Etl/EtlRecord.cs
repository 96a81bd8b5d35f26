namespace Recorder.Windows.Etw.Etl;

/// <summary>The layout an event was stored with, from the marker's header type.</summary>
public enum EtlHeaderKind
{
    /// <summary>SYSTEM_TRACE_HEADER: classic kernel event with thread, process and CPU times.</summary>
    System,
    /// <summary>The compact system header: as <see cref="System"/> without CPU times.</summary>
    Compact,
    /// <summary>PERFINFO_TRACE_HEADER: classic kernel event without thread or process.</summary>
    PerfInfo,
    /// <summary>EVENT_HEADER: manifest, EventSource and TraceLogging providers.</summary>
    Event,
    /// <summary>EVENT_TRACE_HEADER: a classic (MOF) provider with its GUID inline.</summary>
    Trace,
}

/// <summary>An extended data item (stack, SID, related activity, PEBS or PMC counters): its type and bytes.</summary>
public readonly record struct EtlExtendedItem(ushort ExtType, ReadOnlyMemory<byte> Data);

/// <summary>
/// One event of an .etl file with the header fields Windows' ProcessTrace would give it as an EVENT_RECORD: a
/// classic kernel event's group already resolved to its class GUID, its type to the opcode, the pointer size to a
/// flag. The payload is the stored bytes, untouched.
/// </summary>
public sealed class EtlRecord
{
    public const ushort FlagExtendedInfo = 0x0001;
    public const ushort FlagNoCpuTime = 0x0010;
    public const ushort Flag32BitHeader = 0x0020;
    public const ushort Flag64BitHeader = 0x0040;
    public const ushort FlagClassicHeader = 0x0100;

    /// <summary>Where the event's header starts within the file.</summary>
    public long FileOffset { get; init; }
    public EtlHeaderKind Kind { get; init; }
    /// <summary>The classic kernel group (EVENT_TRACE_GROUP_*) for system, compact and PerfInfo headers.</summary>
    public byte Group { get; init; }
    public Guid ProviderId { get; init; }
    /// <summary>EVENT_HEADER flags: classic, 32/64-bit, no CPU time, extended info.</summary>
    public ushort Flags { get; init; }
    public ushort EventProperty { get; init; }
    public ushort Id { get; init; }
    public byte Version { get; init; }
    public byte Channel { get; init; }
    public byte Level { get; init; }
    public byte Opcode { get; init; }
    public ushort Task { get; init; }
    public ulong Keyword { get; init; }
    /// <summary>The thread, or 0xFFFFFFFF when the header has none (PerfInfo): TraceEvent's fix-ups take it from the payload.</summary>
    public uint ThreadId { get; init; }
    public uint ProcessId { get; init; }
    /// <summary>Raw timestamp in the trace's clock (QPC ticks for clock type 1).</summary>
    public long TimeStamp { get; init; }
    public uint KernelTime { get; init; }
    public uint UserTime { get; init; }
    public Guid ActivityId { get; init; }
    public ushort ProcessorIndex { get; init; }
    public ushort LoggerId { get; init; }
    /// <summary>Size of the header as stored.</summary>
    public ushort HeaderSize { get; init; }
    public ReadOnlyMemory<byte> Payload { get; init; }
    public IReadOnlyList<EtlExtendedItem> ExtendedData { get; init; } = [];

    public bool Is64Bit => (Flags & Flag64BitHeader) != 0;
}

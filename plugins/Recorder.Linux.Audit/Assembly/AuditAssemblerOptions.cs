namespace Recorder.Linux.Audit.Assembly;

/// <summary>Limits of the event assembler.</summary>
public sealed record AuditAssemblerOptions
{
    /// <summary>An event with no EOE after this long (by the caller's clock) is completed as it is. Default 2 s.</summary>
    public long TimeoutMilliseconds { get; init; } = 2000;

    /// <summary>Most events in flight; beyond it the oldest is completed early and counted as evicted. Default 1024.</summary>
    public int MaxInFlight { get; init; } = 1024;

    /// <summary>
    /// Most records in one event; beyond it the event is completed early (counted as evicted) and the rest start a
    /// new one. An exec with a 2 MB argv is about 500 records; the cap only stops a runaway stream. Default 4096.
    /// </summary>
    public int MaxRecordsPerEvent { get; init; } = 4096;

    /// <summary>
    /// For streams whose records arrive already grouped by event (auditd's plugin dispatcher, which assembles
    /// events itself before handing them on): a record of a new serial completes the events in flight at once
    /// instead of waiting for EOE or the timeout. Never for the kernel's netlink stream or old log files, where
    /// neighbouring events interleave. Default false.
    /// </summary>
    public bool CompleteWhenNextEventStarts { get; init; }
}

namespace Recorder.Linux.Audit.Assembly;

/// <summary>Limits of the event assembler.</summary>
public sealed record AuditAssemblerOptions
{
    /// <summary>An event with no EOE after this long (by the caller's clock) is completed as it is. Default 2 s.</summary>
    public long TimeoutMilliseconds { get; init; } = 2000;

    /// <summary>Most events in flight; beyond it the oldest is completed early and counted as evicted. Default 1024.</summary>
    public int MaxInFlight { get; init; } = 1024;
}

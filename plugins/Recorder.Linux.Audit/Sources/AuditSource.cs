namespace Recorder.Linux.Audit.Sources;

/// <summary>
/// A running supply of audit records: netlink (unicast or multicast) or the auditd plugin path. It owns its
/// threads; records reach the handler on one processing thread, in arrival order.
/// </summary>
public abstract class AuditSource : IDisposable
{
    /// <summary>Which path this is.</summary>
    public abstract AuditSourceKind Kind { get; }

    /// <summary>Live counts.</summary>
    public AuditSourceCounters Counters { get; } = new();

    /// <summary>Called (on a source thread) when the handler throws; the record is counted as malformed and skipped.</summary>
    public Action<Exception>? HandlerFailed { get; set; }

    /// <summary>Starts the threads; records flow to <paramref name="handler"/> until <see cref="Stop"/>.</summary>
    public abstract void Start(IAuditRecordHandler handler);

    /// <summary>Stops receiving, hands everything already received to the handler, then returns.</summary>
    public abstract void Stop();

    /// <inheritdoc />
    public void Dispose()
    {
        Stop();
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the source's OS resources.</summary>
    protected virtual void Dispose(bool disposing) { }

    /// <summary>Hands one log line (auditd plugin path) to the handler, with counting and fault isolation.</summary>
    private protected void DeliverLine(IAuditRecordHandler handler, ReadOnlySpan<byte> line)
    {
        Interlocked.Increment(ref Counters._recordsReceived);
        try
        {
            handler.OnLogLine(line);
        }
        catch (Exception ex)
        {
            Interlocked.Increment(ref Counters._malformedDatagrams);
            HandlerFailed?.Invoke(ex);
        }
    }

    /// <summary>Hands one netlink record to the handler, with counting and fault isolation.</summary>
    private protected void Deliver(IAuditRecordHandler handler, ushort type, ReadOnlySpan<byte> text)
    {
        Interlocked.Increment(ref Counters._recordsReceived);
        try
        {
            handler.OnRecord(type, text);
        }
        catch (Exception ex)
        {
            Interlocked.Increment(ref Counters._malformedDatagrams);
            HandlerFailed?.Invoke(ex);
        }
    }
}

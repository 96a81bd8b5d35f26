namespace Recorder.Linux.Audit.Sources;

/// <summary>
/// Receives audit records from a source, one call at a time and in arrival order, on one of the source's threads
/// (not always the same one). The spans are valid only during the call.
/// </summary>
public interface IAuditRecordHandler
{
    /// <summary>
    /// A record from netlink: its type (1300 SYSCALL, ...) and its text, <c>audit(SECONDS.MILLIS:SERIAL): fields</c>.
    /// </summary>
    void OnRecord(ushort type, ReadOnlySpan<byte> text);

    /// <summary>
    /// A record as an audit.log line from the auditd plugin path: <c>type=NAME msg=audit(...): fields</c>,
    /// possibly with ENRICHED fields after a 0x1D byte. No trailing newline.
    /// </summary>
    void OnLogLine(ReadOnlySpan<byte> line);

    /// <summary>
    /// Called when no record arrived for a while (about 250 ms), and about as often under load: time to flush events
    /// that timed out. What it completes, the handler passes on itself (no <see cref="OnBatchEnd"/> follows).
    /// </summary>
    void OnIdle();

    /// <summary>
    /// The records of one read from the source have all been handed over: a handler that gathers what they produced
    /// passes it on now (one hand-off per read instead of one per event).
    /// </summary>
    void OnBatchEnd() { }
}

namespace Recorder.Linux.Audit.Assembly;

/// <summary>
/// What the record pipeline has seen, for <c>recorder status</c>. Written by the one pipeline thread, read from
/// any thread (64-bit reads and writes are atomic; readers use <see cref="Volatile"/>).
/// </summary>
public sealed class AuditPipelineCounters
{
    private long _received;
    private long _malformed;
    private long _sequenceGaps;
    private long _evicted;
    private long _timedOut;
    private long _lateRecords;
    private long _eventsAssembled;
    private long _eventsNormalized;
    private long _normalizeErrors;

    /// <summary>Records received (parsed or not).</summary>
    public long Received => Volatile.Read(ref _received);
    /// <summary>Records that could not be parsed.</summary>
    public long Malformed => Volatile.Read(ref _malformed);
    /// <summary>Serial numbers skipped within one stream: records the kernel or a socket lost.</summary>
    public long SequenceGaps => Volatile.Read(ref _sequenceGaps);
    /// <summary>Incomplete events pushed out because too many were in flight.</summary>
    public long Evicted => Volatile.Read(ref _evicted);
    /// <summary>Events completed by the timeout rather than EOE (normal for kernels that send no EOE).</summary>
    public long TimedOut => Volatile.Read(ref _timedOut);
    /// <summary>Records that arrived after their event had already been completed (passed on as a separate group).</summary>
    public long LateRecords => Volatile.Read(ref _lateRecords);
    /// <summary>Record groups completed by the assembler.</summary>
    public long EventsAssembled => Volatile.Read(ref _eventsAssembled);
    /// <summary>Typed events produced by the normaliser.</summary>
    public long EventsNormalized => Volatile.Read(ref _eventsNormalized);
    /// <summary>Events the normaliser failed on (skipped; the stream went on).</summary>
    public long NormalizeErrors => Volatile.Read(ref _normalizeErrors);

    internal void AddReceived() => Volatile.Write(ref _received, _received + 1);
    internal void AddMalformed() => Volatile.Write(ref _malformed, _malformed + 1);
    internal void AddSequenceGaps(long count) => Volatile.Write(ref _sequenceGaps, _sequenceGaps + count);
    internal void AddEvicted() => Volatile.Write(ref _evicted, _evicted + 1);
    internal void AddTimedOut() => Volatile.Write(ref _timedOut, _timedOut + 1);
    internal void AddLateRecord() => Volatile.Write(ref _lateRecords, _lateRecords + 1);
    internal void AddEventAssembled() => Volatile.Write(ref _eventsAssembled, _eventsAssembled + 1);
    internal void AddEventsNormalized(int count) => Volatile.Write(ref _eventsNormalized, _eventsNormalized + count);
    internal void AddNormalizeError() => Volatile.Write(ref _normalizeErrors, _normalizeErrors + 1);

    /// <summary>Counts a record received from a source (sources call this before parsing).</summary>
    public void CountReceived() => AddReceived();
    /// <summary>Counts a record that failed to parse.</summary>
    public void CountMalformed() => AddMalformed();
    /// <summary>Counts typed events produced.</summary>
    public void CountNormalized(int count) => AddEventsNormalized(count);
}

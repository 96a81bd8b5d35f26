using Recorder.Linux.Audit.Parsing;

namespace Recorder.Linux.Audit.Assembly;

/// <summary>
/// Groups records into events by serial number. An event ends with EOE, or at once for record types that stand
/// alone (user-space messages); events of neighbouring serials may interleave freely. Events with no EOE are
/// completed after a timeout measured on the caller's clock (monotonic milliseconds live, record time in replay),
/// and the oldest is pushed out when too many are in flight. Sequence gaps are counted per stream.
/// </summary>
/// <remarks>
/// Single-threaded: one assembler per record stream. The completion callback runs synchronously inside
/// <see cref="Push"/>/<see cref="Flush"/>; the group and its records are recycled when it returns, so the callback
/// must copy what it keeps (the normaliser does). Lookup is a dictionary by serial plus a FIFO queue for expiry, so
/// nothing is sorted per record.
/// </remarks>
public sealed class AuditEventAssembler
{
    private readonly Action<AuditEventGroup> _onCompleted;
    private readonly AuditRecordPool _pool;
    private readonly AuditAssemblerOptions _options;
    private readonly Dictionary<uint, AuditEventGroup> _inFlight = new();
    private readonly Queue<(AuditEventGroup Group, int Generation)> _arrivalOrder = new();
    private readonly Stack<AuditEventGroup> _freeGroups = new();
    private SequenceTracker _sequence;

    /// <summary>Creates an assembler that hands each completed event to <paramref name="onCompleted"/>.</summary>
    public AuditEventAssembler(
        Action<AuditEventGroup> onCompleted,
        AuditRecordPool? pool = null,
        AuditAssemblerOptions? options = null,
        AuditPipelineCounters? counters = null)
    {
        _onCompleted = onCompleted ?? throw new ArgumentNullException(nameof(onCompleted));
        _pool = pool ?? new AuditRecordPool();
        _options = options ?? new AuditAssemblerOptions();
        Counters = counters ?? new AuditPipelineCounters();
    }

    /// <summary>Counters shared with the rest of the pipeline.</summary>
    public AuditPipelineCounters Counters { get; }

    /// <summary>The pool records return to after their event is handed over.</summary>
    public AuditRecordPool Pool => _pool;

    /// <summary>Events waiting for more records.</summary>
    public int InFlight => _inFlight.Count;
    /// <summary>Incomplete events pushed out by the in-flight cap.</summary>
    public long Evicted => Counters.Evicted;
    /// <summary>Serial numbers skipped within the stream.</summary>
    public long SequenceGaps => Counters.SequenceGaps;
    /// <summary>Records that failed to parse (counted by whoever parses, in the shared counters).</summary>
    public long Malformed => Counters.Malformed;

    /// <summary>
    /// Adds a parsed record (ownership passes to the assembler; it returns to <see cref="Pool"/>). May complete
    /// events, including older ones whose timeout has passed at <paramref name="nowMilliseconds"/>.
    /// </summary>
    public void Push(AuditRecord record, long nowMilliseconds)
    {
        var serial = record.Serial;
        if (_options.CompleteWhenNextEventStarts && _inFlight.Count > 0 && record.Type != AuditRecordType.Eoe && !_inFlight.ContainsKey(serial))
        {
            CompleteAllInFlight(AuditGroupCompletion.EndOfEvent); // a pre-grouped stream: the previous event is whole
        }
        // Expire first, so events come out in the order they happened when the clock jumps.
        ExpireOlderThan(nowMilliseconds);
        if (record.Type == AuditRecordType.Eoe)
        {
            if (_inFlight.Remove(serial, out var ended)) Complete(ended, AuditGroupCompletion.EndOfEvent);
            _pool.Return(record);
            return;
        }

        var behind = false;
        if (!AuditRecordType.IsDaemonRecord(record.Type))
        {
            var gaps = _sequence.Observe(serial, out behind);
            if (gaps > 0) Counters.AddSequenceGaps(gaps);
        }

        if (!_inFlight.TryGetValue(serial, out var group))
        {
            // An older serial that is no longer in flight: its event was already handed over (or evicted).
            if (behind && !AuditRecordType.IsSingleRecordEvent(record.Type)) Counters.AddLateRecord();
        }
        else
        {
            if (group.UnixTimeMilliseconds == record.UnixTimeMilliseconds && group.Count < _options.MaxRecordsPerEvent)
            {
                group.Add(record);
                return;
            }
            // Same serial but a different time (the serial counter restarted: the old event is over), or an event
            // that grew past the cap.
            _inFlight.Remove(serial);
            Complete(group, group.Count >= _options.MaxRecordsPerEvent ? AuditGroupCompletion.Evicted : AuditGroupCompletion.TimedOut);
        }

        var started = RentGroup();
        started.Start(record, nowMilliseconds);
        if (AuditRecordType.IsSingleRecordEvent(record.Type))
        {
            Complete(started, AuditGroupCompletion.EndOfEvent);
        }
        else
        {
            started.InFlight = true;
            _inFlight.Add(serial, started);
            _arrivalOrder.Enqueue((started, started.Generation));
            if (_inFlight.Count > _options.MaxInFlight) EvictOldest();
        }
    }

    /// <summary>Completes events that have waited longer than the timeout. Call it periodically when idle.</summary>
    public void Flush(long nowMilliseconds) => ExpireOlderThan(nowMilliseconds);

    /// <summary>Completes every event in flight, oldest first (end of a replayed file, or shutdown).</summary>
    public void FlushAll() => CompleteAllInFlight(AuditGroupCompletion.EndOfStream);

    private void CompleteAllInFlight(AuditGroupCompletion completion)
    {
        while (_arrivalOrder.TryDequeue(out var entry))
        {
            if (!IsLive(entry)) continue;
            _inFlight.Remove(entry.Group.Serial);
            Complete(entry.Group, completion);
        }
    }

    /// <summary>Starts sequence-gap counting afresh (a new connection or source).</summary>
    public void ResetSequence() => _sequence.Reset();

    private void ExpireOlderThan(long now)
    {
        var timeout = _options.TimeoutMilliseconds;
        while (_arrivalOrder.TryPeek(out var entry))
        {
            if (!IsLive(entry)) { _arrivalOrder.Dequeue(); continue; }
            if (now - entry.Group.ArrivalMilliseconds < timeout) return;
            _arrivalOrder.Dequeue();
            _inFlight.Remove(entry.Group.Serial);
            Complete(entry.Group, AuditGroupCompletion.TimedOut);
        }
    }

    private void EvictOldest()
    {
        while (_arrivalOrder.TryDequeue(out var entry))
        {
            if (!IsLive(entry)) continue;
            _inFlight.Remove(entry.Group.Serial);
            Complete(entry.Group, AuditGroupCompletion.Evicted);
            return;
        }
    }

    private static bool IsLive((AuditEventGroup Group, int Generation) entry) =>
        entry.Group.InFlight && entry.Group.Generation == entry.Generation;

    private void Complete(AuditEventGroup group, AuditGroupCompletion completion)
    {
        group.Completion = completion;
        if (completion == AuditGroupCompletion.TimedOut) Counters.AddTimedOut();
        else if (completion == AuditGroupCompletion.Evicted) Counters.AddEvicted();
        Counters.AddEventAssembled();
        try
        {
            _onCompleted(group);
        }
        finally
        {
            group.Release(_pool);
            _freeGroups.Push(group);
        }
    }

    private AuditEventGroup RentGroup() => _freeGroups.TryPop(out var g) ? g : new AuditEventGroup();
}

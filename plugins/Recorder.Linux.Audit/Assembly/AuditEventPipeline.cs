using Recorder.Contracts.Events;
using Recorder.Linux.Audit.Normalization;
using Recorder.Linux.Audit.Parsing;

namespace Recorder.Linux.Audit.Assembly;

/// <summary>
/// The whole record path in one object, for a source's receive loop or for replay: text → <see cref="AuditRecord"/>
/// (pooled) → <see cref="AuditEventAssembler"/> → <see cref="AuditEventNormalizer"/> → typed events handed to a
/// callback. Counts received and malformed records in the shared <see cref="Counters"/>. Single-threaded: feed it
/// from one thread (the processing side of the source's bounded queue), and call <see cref="Flush"/> when idle so
/// events without EOE still complete.
/// </summary>
public sealed class AuditEventPipeline
{
    private readonly AuditRecordParser _parser = new();
    private readonly AuditRecordPool _pool = new();
    private readonly AuditEventAssembler _assembler;
    private readonly AuditEventNormalizer _normalizer;
    private readonly Action<RecorderEvent> _onEvent;
    private readonly Func<EventSchema, RecorderEvent>? _create;
    private readonly List<RecorderEvent> _events = new(4);

    /// <summary>Creates a pipeline that hands every typed event to <paramref name="onEvent"/>.</summary>
    /// <param name="onEvent">Receives each event (called inside the Push/Flush that completed it).</param>
    /// <param name="wanted">Event types to build (all when null); others cost a few comparisons.</param>
    /// <param name="create">Makes an empty event for a schema (the host's <c>IEventWriter.CreateEvent</c>).</param>
    /// <param name="assemblerOptions">Timeout and in-flight cap.</param>
    /// <param name="normalizerOptions">Normaliser settings.</param>
    /// <param name="counters">Counters to share with status; a new set when null.</param>
    public AuditEventPipeline(
        Action<RecorderEvent> onEvent,
        Func<string, bool>? wanted = null,
        Func<EventSchema, RecorderEvent>? create = null,
        AuditAssemblerOptions? assemblerOptions = null,
        AuditNormalizerOptions? normalizerOptions = null,
        AuditPipelineCounters? counters = null)
    {
        _onEvent = onEvent ?? throw new ArgumentNullException(nameof(onEvent));
        _create = create;
        _normalizer = new AuditEventNormalizer(wanted, normalizerOptions);
        _assembler = new AuditEventAssembler(OnGroup, _pool, assemblerOptions, counters);
    }

    /// <summary>Received, malformed, gaps, evicted, timed out, events.</summary>
    public AuditPipelineCounters Counters => _assembler.Counters;

    /// <summary>Events waiting for more records.</summary>
    public int InFlight => _assembler.InFlight;

    /// <summary>
    /// A netlink record: <paramref name="type"/> from the netlink header, <paramref name="payload"/> the text
    /// <c>audit(...): ...</c>. Returns false (counted as malformed) when the text cannot be parsed.
    /// </summary>
    public bool PushNetlink(int type, ReadOnlySpan<byte> payload, long nowMilliseconds, out AuditParseError error)
    {
        Counters.CountReceived();
        var record = _pool.Rent();
        if (!_parser.TryParseNetlink(type, payload, record, out error)) return Reject(record);
        _assembler.Push(record, nowMilliseconds);
        return true;
    }

    /// <summary>
    /// A text line as auditd writes it (log file or the auditd plugin's string format). Returns false (counted
    /// as malformed) when the line cannot be parsed; blank lines are ignored and not counted.
    /// </summary>
    public bool PushLine(ReadOnlySpan<byte> line, long nowMilliseconds, out AuditParseError error)
    {
        var record = _pool.Rent();
        if (!_parser.TryParseLine(line, record, out error))
        {
            if (error == AuditParseError.Empty) { _pool.Return(record); return false; }
            Counters.CountReceived();
            return Reject(record);
        }
        Counters.CountReceived();
        _assembler.Push(record, nowMilliseconds);
        return true;
    }

    /// <summary>
    /// Like <see cref="PushLine"/>, with the line number kept on the record and the record time as the clock (for
    /// replay). Returns false when the line was rejected (blank lines are rejected with Empty and not counted).
    /// </summary>
    internal bool PushReplayLine(ReadOnlySpan<byte> line, long lineNumber, ref long clock, out AuditParseError error)
    {
        var record = _pool.Rent();
        if (!_parser.TryParseLine(line, record, out error))
        {
            if (error != AuditParseError.Empty) Counters.CountReceived();
            return Reject(record, error != AuditParseError.Empty);
        }
        Counters.CountReceived();
        record.LineNumber = lineNumber;
        if (record.UnixTimeMilliseconds > clock) clock = record.UnixTimeMilliseconds;
        _assembler.Push(record, clock);
        return true;
    }

    /// <summary>Completes events that have waited past the timeout.</summary>
    public void Flush(long nowMilliseconds) => _assembler.Flush(nowMilliseconds);

    /// <summary>Completes every event in flight (end of a file, shutdown).</summary>
    public void FlushAll() => _assembler.FlushAll();

    /// <summary>Starts gap counting afresh (a new connection).</summary>
    public void ResetSequence() => _assembler.ResetSequence();

    private bool Reject(AuditRecord record, bool count = true)
    {
        _pool.Return(record);
        if (count) Counters.CountMalformed();
        return false;
    }

    /// <summary>The last exception the normaliser threw (the event was skipped, the stream went on), for status.</summary>
    public Exception? LastNormalizeError { get; private set; }

    private void OnGroup(AuditEventGroup group)
    {
        int count;
        try
        {
            count = _normalizer.Normalize(group, _events, _create);
        }
        catch (Exception ex)
        {
            // A record shape nobody foresaw must cost one event, not the collector.
            _events.Clear();
            Counters.AddNormalizeError();
            LastNormalizeError = ex;
            return;
        }
        if (count == 0) return;
        Counters.CountNormalized(count);
        try
        {
            foreach (var ev in _events) _onEvent(ev);
        }
        finally
        {
            _events.Clear();
        }
    }
}

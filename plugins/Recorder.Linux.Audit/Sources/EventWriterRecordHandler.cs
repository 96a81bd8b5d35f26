using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;
using Recorder.Linux.Audit.Assembly;
using Recorder.Linux.Audit.Normalization;

namespace Recorder.Linux.Audit.Sources;

/// <summary>
/// Connects a source to the host: records from the source's processing thread go through the record pipeline
/// (<see cref="AuditEventPipeline"/>: parse, reassemble, normalise) and the typed events of one read are handed to
/// the host together with <see cref="IEventWriter.TryWriteMany"/> when the source ends the batch, never waiting;
/// a full host pipeline is a counted drop. The collector and the live benchmark both use this one class.
/// </summary>
public sealed class EventWriterRecordHandler : IAuditRecordHandler
{
    private readonly IEventWriter _writer;
    private readonly AuditEventPipeline _pipeline;
    private readonly List<RecorderEvent> _burst = new(MaxBurst);
    private volatile IReadOnlySet<string> _wantedTypes;
    private long _eventsWritten;
    private long _eventsDropped;
    private long _lastEventTicks;

    /// <summary>
    /// Writes the <paramref name="wantedTypes"/> to <paramref name="writer"/>. Opens selected by a rule with one
    /// of <paramref name="nonReadRuleKeys"/> (the recorder's own key) never become <c>file.read</c>.
    /// </summary>
    public EventWriterRecordHandler(IEventWriter writer, IReadOnlySet<string> wantedTypes, IEnumerable<string> nonReadRuleKeys)
    {
        _writer = writer;
        _wantedTypes = wantedTypes;
        _pipeline = new AuditEventPipeline(
            Write,
            type => _wantedTypes.Contains(type),
            writer.CreateEvent,
            normalizerOptions: new AuditNormalizerOptions
            {
                NonReadRuleKeys = new HashSet<string>(nonReadRuleKeys, StringComparer.Ordinal),
                SocketProtocolOf = SocketProtocolLookup.Find, // records arrive live: the sockets can be asked
                SocketLocalEndpointOf = SocketEndpointLookup.Find,
            });
    }

    /// <summary>Received, malformed, sequence gaps, evicted and timed-out partial events.</summary>
    public AuditPipelineCounters Counters => _pipeline.Counters;

    /// <summary>Events accepted by the host.</summary>
    public long EventsWritten => Volatile.Read(ref _eventsWritten);

    /// <summary>Events the host refused because its pipeline was full (dropped in user space).</summary>
    public long EventsDropped => Volatile.Read(ref _eventsDropped);

    /// <summary>Time of the last event written (handed to a successor on hot reload).</summary>
    public DateTime LastEventTime => new(Volatile.Read(ref _lastEventTicks), DateTimeKind.Utc);

    /// <summary>Events being assembled.</summary>
    public int InFlight => _pipeline.InFlight;

    /// <summary>Changes which types are built; takes effect with the next event.</summary>
    public void SetWantedTypes(IReadOnlySet<string> wantedTypes) => _wantedTypes = wantedTypes;

    /// <inheritdoc />
    public void OnRecord(ushort type, ReadOnlySpan<byte> text) => _pipeline.PushNetlink(type, text, Environment.TickCount64, out _);

    /// <inheritdoc />
    public void OnLogLine(ReadOnlySpan<byte> line) => _pipeline.PushLine(line, Environment.TickCount64, out _);

    /// <inheritdoc />
    public void OnIdle()
    {
        _pipeline.Flush(Environment.TickCount64);
        HandOver();
    }

    /// <inheritdoc />
    public void OnBatchEnd() => HandOver();

    /// <summary>Completes every partial event and hands everything over (on stop, after the source has drained).</summary>
    public void FlushAll()
    {
        _pipeline.FlushAll();
        HandOver();
    }

    /// <summary>
    /// Writes a <c>recorder.loss</c> marker: <paramref name="count"/> audit records were lost for
    /// <paramref name="reason"/> between <paramref name="first"/> and <paramref name="last"/>. False when the host
    /// refused it (its own marker then covers the gap).
    /// </summary>
    public bool WriteLossMarker(string reason, long count, DateTime first, DateTime last)
    {
        var schema = EventSchemas.RecorderLoss;
        var marker = _writer.CreateEvent(schema);
        marker.Time = first;
        marker.Outcome = EventOutcome.Failure;
        marker.Set(schema.Count, count);
        marker.Set(schema.Unit, "records");
        marker.Set(schema.Reason, reason);
        marker.Set(schema.Source, marker.Collector.Length > 0 ? marker.Collector : "linux-audit");
        marker.Set(schema.FirstTime, first);
        marker.Set(schema.LastTime, last);
        return _writer.TryWrite(marker);
    }

    /// <summary>Most events gathered before they are handed over even mid-batch (a flood's latency and memory).</summary>
    private const int MaxBurst = 256;

    private void Write(RecorderEvent recorderEvent)
    {
        Volatile.Write(ref _lastEventTicks, recorderEvent.Time.Ticks);
        _burst.Add(recorderEvent);
        if (_burst.Count >= MaxBurst) HandOver();
    }

    private void HandOver()
    {
        if (_burst.Count == 0) return;
        var accepted = _writer.TryWriteMany(_burst);
        Volatile.Write(ref _eventsWritten, _eventsWritten + accepted);
        if (accepted < _burst.Count) Volatile.Write(ref _eventsDropped, _eventsDropped + _burst.Count - accepted);
        _burst.Clear();
    }
}

using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;
using Recorder.Linux.Audit.Assembly;
using Recorder.Linux.Audit.Normalization;
using Recorder.Linux.Audit.Parsing;

namespace Recorder.Linux.Audit.Sources;

/// <summary>
/// Records to events, on the source's processing thread: parse (<see cref="AuditRecordParser"/>), reassemble by
/// serial (<see cref="AuditEventAssembler"/>), normalise to typed events (<see cref="AuditEventNormalizer"/>) and
/// write them without waiting (<see cref="IEventWriter.TryWrite"/>); a full pipeline is a counted drop. The
/// collector and the live benchmark both run records through this one class.
/// </summary>
public sealed class AuditEventPipeline : IAuditRecordHandler
{
    private readonly IEventWriter _writer;
    private readonly AuditRecordParser _parser = new();
    private readonly AuditRecordPool _pool = new();
    private readonly AuditEventAssembler _assembler;
    private readonly AuditEventNormalizer _normalizer;
    private readonly List<RecorderEvent> _completed = new(4);
    private readonly Func<EventSchema, RecorderEvent> _create;
    private volatile IReadOnlySet<string> _wantedTypes;
    private long _eventsWritten;
    private long _eventsDropped;
    private uint _lastSerial;

    /// <summary>
    /// Creates a pipeline writing the <paramref name="wantedTypes"/> to <paramref name="writer"/>. Opens selected
    /// by a rule with one of <paramref name="nonReadRuleKeys"/> never become <c>file.read</c>.
    /// </summary>
    public AuditEventPipeline(IEventWriter writer, IReadOnlySet<string> wantedTypes, IEnumerable<string> nonReadRuleKeys)
    {
        _writer = writer;
        _wantedTypes = wantedTypes;
        _create = writer.CreateEvent;
        _normalizer = new AuditEventNormalizer(
            type => _wantedTypes.Contains(type),
            new AuditNormalizerOptions { NonReadRuleKeys = new HashSet<string>(nonReadRuleKeys, StringComparer.Ordinal) });
        _assembler = new AuditEventAssembler(OnEventAssembled, _pool, new AuditAssemblerOptions(), Counters);
    }

    /// <summary>Received, malformed, sequence gaps, evicted partial events, ...</summary>
    public AuditPipelineCounters Counters { get; } = new();

    /// <summary>Events accepted by the host.</summary>
    public long EventsWritten => Volatile.Read(ref _eventsWritten);

    /// <summary>Events the host refused because its pipeline was full (dropped in user space).</summary>
    public long EventsDropped => Volatile.Read(ref _eventsDropped);

    /// <summary>Serial of the last record parsed (handed to a successor on hot reload).</summary>
    public uint LastSerial => Volatile.Read(ref _lastSerial);

    /// <summary>Events being assembled.</summary>
    public int InFlight => _assembler.InFlight;

    /// <summary>Changes which types are built; takes effect with the next event.</summary>
    public void SetWantedTypes(IReadOnlySet<string> wantedTypes) => _wantedTypes = wantedTypes;

    /// <inheritdoc />
    public void OnRecord(ushort type, ReadOnlySpan<byte> text)
    {
        Counters.CountReceived();
        var record = _pool.Rent();
        if (!_parser.TryParseNetlink(type, text, record, out _))
        {
            _pool.Return(record);
            Counters.CountMalformed();
            return;
        }
        Push(record);
    }

    /// <inheritdoc />
    public void OnLogLine(ReadOnlySpan<byte> line)
    {
        Counters.CountReceived();
        var record = _pool.Rent();
        if (!_parser.TryParseLine(line, record, out _))
        {
            _pool.Return(record);
            Counters.CountMalformed();
            return;
        }
        Push(record);
    }

    /// <inheritdoc />
    public void OnIdle()
    {
        _assembler.Flush(Environment.TickCount64);
        WriteCompleted();
    }

    /// <summary>Completes every partial event (on stop, after the source has drained).</summary>
    public void FlushAll()
    {
        _assembler.FlushAll();
        WriteCompleted();
    }

    private void Push(AuditRecord record)
    {
        Volatile.Write(ref _lastSerial, record.Serial);
        _assembler.Push(record, Environment.TickCount64);
        if (_completed.Count > 0) WriteCompleted();
    }

    private void OnEventAssembled(AuditEventGroup group)
    {
        var count = _normalizer.Normalize(group, _completed, _create);
        if (count > 0) Counters.CountNormalized(count);
    }

    private void WriteCompleted()
    {
        foreach (var recorderEvent in _completed)
        {
            if (_writer.TryWrite(recorderEvent)) _eventsWritten++;
            else _eventsDropped++;
        }
        _completed.Clear();
    }
}

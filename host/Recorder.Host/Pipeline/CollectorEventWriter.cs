using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;
using Recorder.Host.Status;

namespace Recorder.Host.Pipeline;

/// <summary>
/// The writer one collector activation gets. Stamps the collector's name, refuses types the collector did
/// not declare (a <c>recorder.loss</c> marker needs no declaration), and after the activation is retired (stopped
/// or replaced) refuses every write, counted.
/// </summary>
public sealed class CollectorEventWriter : IEventWriter
{
    private readonly EventPipeline _pipeline;
    private readonly string _collectorName;
    private readonly HashSet<string> _declaredTypes;
    private readonly Counter _written, _retiredDrops, _undeclaredDrops;
    private volatile bool _retired;

    /// <summary>Creates a writer for <paramref name="collectorName"/>.</summary>
    public CollectorEventWriter(EventPipeline pipeline, string collectorName, IEnumerable<EventSchema> declared, StatusBoard status)
    {
        _pipeline = pipeline;
        _collectorName = collectorName;
        _declaredTypes = new HashSet<string>(declared.Select(s => s.Name), StringComparer.Ordinal);
        var domain = "collector." + collectorName;
        _written = status.Counter(domain, "written");
        _retiredDrops = status.Counter(domain, DropReasons.CollectorRetired);
        _undeclaredDrops = status.Counter(domain, DropReasons.UndeclaredType);
    }

    /// <inheritdoc />
    public RecorderEvent CreateEvent(EventSchema schema) => new(schema) { Collector = _collectorName };

    /// <inheritdoc />
    public bool TryWrite(RecorderEvent recorderEvent)
    {
        _pipeline.NoteSingleWrite();
        return Accept(recorderEvent);
    }

    /// <inheritdoc />
    public int TryWriteMany(IReadOnlyList<RecorderEvent> events)
    {
        _pipeline.BurstStarted();
        try
        {
            var accepted = 0;
            for (var i = 0; i < events.Count; i++)
                if (Accept(events[i])) accepted++;
            return accepted;
        }
        finally
        {
            _pipeline.BurstEnded();
        }
    }

    private bool Accept(RecorderEvent recorderEvent)
    {
        if (_retired) { _retiredDrops.Increment(); return false; }
        if (!_declaredTypes.Contains(recorderEvent.Type) && !ReferenceEquals(recorderEvent.Schema, EventSchemas.RecorderLoss))
        {
            _undeclaredDrops.Increment();
            return false;
        }
        recorderEvent.Collector = _collectorName;
        if (recorderEvent.Time == default) recorderEvent.Time = DateTime.UtcNow;
        if (!_pipeline.TryWrite(recorderEvent)) return false;
        _written.Increment();
        return true;
    }

    /// <summary>Refuses every later write.</summary>
    public void Retire() => _retired = true;
}

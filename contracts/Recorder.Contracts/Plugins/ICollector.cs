using Recorder.Contracts.Events;

namespace Recorder.Contracts.Plugins;

/// <summary>
/// Captures events from an OS source. The host starts a collector only while some subscription (or an
/// enricher) wants one of its event types, tells it when that set changes, and stops it when nothing does.
/// Export it with <see cref="CollectorAttribute"/>.
/// </summary>
public interface ICollector
{
    /// <summary>The event types this collector can produce, including types it declares itself.</summary>
    IReadOnlyList<EventSchema> Produces { get; }

    /// <summary>
    /// Starts capturing the types in <see cref="CollectorContext.WantedTypes"/> and writing them to
    /// <see cref="CollectorContext.Writer"/>. Returns once capture runs; capture continues on the collector's
    /// own threads until <see cref="StopAsync"/>.
    /// </summary>
    Task StartAsync(CollectorContext context, CancellationToken cancellationToken);

    /// <summary>The set of wanted event types changed (a subscription was added, changed or removed).</summary>
    Task UpdateWantedTypesAsync(IReadOnlySet<string> wantedTypes, CancellationToken cancellationToken);

    /// <summary>
    /// Stops capturing, after writing everything already captured. Returns state for a successor (a newer
    /// version taking over during a hot reload), or null. The state crosses load contexts, so it is bytes.
    /// </summary>
    Task<ReadOnlyMemory<byte>?> StopAsync(CancellationToken cancellationToken);
}

/// <summary>What the host gives a collector when it starts it.</summary>
public sealed class CollectorContext
{
    /// <summary>Creates a context.</summary>
    public CollectorContext(IEventWriter writer, IReadOnlySet<string> wantedTypes, IPluginServices services, ReadOnlyMemory<byte>? handoverState)
    {
        Writer = writer;
        WantedTypes = wantedTypes;
        Services = services;
        HandoverState = handoverState;
    }

    /// <summary>Where captured events go. Never blocks.</summary>
    public IEventWriter Writer { get; }
    /// <summary>Event types currently wanted.</summary>
    public IReadOnlySet<string> WantedTypes { get; }
    /// <summary>Logging, status, options and storage for the plugin.</summary>
    public IPluginServices Services { get; }
    /// <summary>State handed over by the version this one replaces, or null on a fresh start.</summary>
    public ReadOnlyMemory<byte>? HandoverState { get; }
}

/// <summary>
/// The host's entry to the pipeline for one collector. Collectors must never wait on processing or storage:
/// <see cref="TryWrite"/> returns false and the host counts the drop when the pipeline is full.
/// </summary>
public interface IEventWriter
{
    /// <summary>Creates an event of a type this collector produces; the collector fills it and writes it.</summary>
    RecorderEvent CreateEvent(EventSchema schema);

    /// <summary>Queues an event; false (and a counted drop) when the pipeline is full or stopping.</summary>
    bool TryWrite(RecorderEvent recorderEvent);

    /// <summary>
    /// Queues the events of one burst (what one read from the OS brought in) in order, with one hand-off to the
    /// host's pipeline instead of one per event: at a few hundred events a second, each hand-off wakes a thread.
    /// Returns how many were accepted; the others are counted drops, as with <see cref="TryWrite"/>.
    /// </summary>
    int TryWriteMany(IReadOnlyList<RecorderEvent> events)
    {
        var accepted = 0;
        for (var i = 0; i < events.Count; i++)
            if (TryWrite(events[i])) accepted++;
        return accepted;
    }
}

using Recorder.Contracts.Events;

namespace Recorder.Contracts.Plugins;

/// <summary>
/// Adds context to events after collection and before routing, in the order given by
/// <see cref="EnricherAttribute.Order"/> (lowest first). <see cref="Enrich"/> runs on the pipeline's hot path:
/// keep it fast, and push slow work (hashing, lookups) to a background queue of your own.
/// </summary>
public interface IEnricher
{
    /// <summary>
    /// Event types this enricher must see to keep its own state (a process table needs process.start and
    /// process.exit), even when no subscription stores them. The host asks collectors for them.
    /// </summary>
    IReadOnlyCollection<string> RequiredEventTypes => Array.Empty<string>();

    /// <summary>Starts the enricher (load caches, take snapshots). <paramref name="handoverState"/> comes from the version it replaces.</summary>
    Task StartAsync(IPluginServices services, ReadOnlyMemory<byte>? handoverState, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Adds to one event. Called from one pipeline thread at a time.</summary>
    void Enrich(RecorderEvent recorderEvent);

    /// <summary>Stops; returns state for a successor or null.</summary>
    Task<ReadOnlyMemory<byte>?> StopAsync(CancellationToken cancellationToken) => Task.FromResult<ReadOnlyMemory<byte>?>(null);
}

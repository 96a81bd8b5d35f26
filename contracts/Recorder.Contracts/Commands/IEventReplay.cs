using Recorder.Contracts.Events;

namespace Recorder.Contracts.Commands;

/// <summary>
/// The host's pipeline, for commands that import recorded history (<c>recorder replay</c>): events go through the
/// host's enrichers and the subscriptions' routing into their sinks, as live events do, except that nothing is
/// dropped (the replay waits for slow sinks instead).
/// </summary>
public interface IEventReplay
{
    /// <summary>Starts the host's sinks and enrichers (no collectors) from the host configuration.</summary>
    Task<IEventReplaySession> OpenAsync(CancellationToken cancellationToken);
}

/// <summary>A started replay pipeline. Dispose it to drain and stop the sinks.</summary>
public interface IEventReplaySession : IAsyncDisposable
{
    /// <summary>The event types some subscription wants: produce only these.</summary>
    IReadOnlySet<string> WantedEventTypes { get; }

    /// <summary>Feeds <paramref name="events"/> in order and waits until the sinks have written them; returns how many were fed.</summary>
    Task<long> ReplayAsync(IEnumerable<RecorderEvent> events, CancellationToken cancellationToken);
}

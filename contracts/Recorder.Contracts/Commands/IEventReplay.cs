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

    /// <summary>
    /// What each sink did with the events fed so far: how many it stored and how many it lost (a routed event is
    /// not a stored one). Empty when the host does not tell.
    /// </summary>
    IReadOnlyList<ReplaySinkResult> SinkResults => [];
}

/// <summary>What one sink did with replayed or imported events.</summary>
/// <param name="Sink">The sink, as <c>recorder status</c> names it (e.g. <c>sink.sqlite</c>).</param>
/// <param name="Stored">Events the sink wrote.</param>
/// <param name="Lost">Events routed to the sink that it did not write (failed writes, counted in status).</param>
public sealed record ReplaySinkResult(string Sink, long Stored, long Lost);

namespace Recorder.Contracts.Plugins;

/// <summary>
/// A collector that can pass its live capture (an open OS session, loaded kernel rules) to the newer version
/// replacing it, so that a hot reload has no blind window. When the host replaces a running collector that
/// implements this, it calls <see cref="PauseForHandoverAsync"/> instead of <see cref="ICollector.StopAsync"/>,
/// starts the successor with the returned state, then calls <see cref="CompleteHandoverAsync"/> on the old one.
/// </summary>
public interface IHandoverCollector : ICollector
{
    /// <summary>
    /// Stops delivering events (after writing everything already captured) while keeping the OS capture open, so
    /// that what happens meanwhile waits for the successor; returns the state from which the successor takes it
    /// over. Returns null when this collector cannot hand over now: it has then stopped as
    /// <see cref="ICollector.StopAsync"/> would, and the null is the state for the successor.
    /// </summary>
    Task<ReadOnlyMemory<byte>?> PauseForHandoverAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Ends a handover. <paramref name="adopted"/> true: the successor started and owns the capture now; release
    /// your references without undoing anything. False: the successor failed to start; undo everything as
    /// <see cref="ICollector.StopAsync"/> would.
    /// </summary>
    Task CompleteHandoverAsync(bool adopted, CancellationToken cancellationToken);
}

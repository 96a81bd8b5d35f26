using Recorder.Host.Status;

namespace Recorder.Host.Watching;

/// <summary>The <c>watch.*</c> status counters, shared by every watcher.</summary>
internal sealed class WatchCounters(StatusBoard status)
{
    public const string Domain = "watch";

    /// <summary>Watchers that ever attached.</summary>
    public Counter Attached { get; } = status.Counter(Domain, "attached_total");
    /// <summary>Requests refused (bad version, type, filter or format).</summary>
    public Counter Refused { get; } = status.Counter(Domain, "refused");
    /// <summary>Events sent to watchers (an event sent to two watchers counts twice).</summary>
    public Counter Sent { get; } = status.Counter(Domain, "events_sent");
    /// <summary>Watchers cut off because their queue was full.</summary>
    public Counter CutSlow { get; } = status.Counter(Domain, "cut_slow");
    /// <summary>Events a watcher wanted but did not get (queued when it was cut off or left).</summary>
    public Counter Dropped { get; } = status.Counter(Domain, "events_dropped");
}

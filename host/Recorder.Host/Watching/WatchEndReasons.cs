namespace Recorder.Host.Watching;

/// <summary>Why a watch ends: the <c>reason</c> of the protocol's last line.</summary>
public static class WatchEndReasons
{
    /// <summary>The host is stopping; every event routed before the stop was sent.</summary>
    public const string HostStopping = "host_stopping";
    /// <summary>The watcher did not keep up: its queue filled and the host cut it off (counted in <c>watch.cut_slow</c>).</summary>
    public const string TooSlow = "too_slow";
    /// <summary>The client closed its end.</summary>
    public const string ClientClosed = "client_closed";
}

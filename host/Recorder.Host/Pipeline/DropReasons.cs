namespace Recorder.Host.Pipeline;

/// <summary>Why an event was dropped; each is a counter in <c>recorder status</c> (domain <c>pipeline</c>).</summary>
public static class DropReasons
{
    /// <summary>The pipeline's ingress queue was full: collectors outran enrichment and routing.</summary>
    public const string IngressFull = "dropped.ingress_full";
    /// <summary>A collector wrote after it was stopped or replaced.</summary>
    public const string CollectorRetired = "dropped.collector_retired";
    /// <summary>A collector wrote a type it does not declare.</summary>
    public const string UndeclaredType = "dropped.undeclared_type";
    /// <summary>An enricher's call did not return in time: the event it held was abandoned with the thread.</summary>
    public const string EnricherHung = "dropped.enricher_hung";
    /// <summary>A sink's queue was full (the sink is slower than the event rate).</summary>
    public const string SinkQueueFull = "dropped.sink_queue_full";
    /// <summary>A sink failed to write a batch.</summary>
    public const string SinkFailed = "dropped.sink_failed";
    /// <summary>A sink was unavailable (failed and waiting to restart).</summary>
    public const string SinkUnavailable = "dropped.sink_unavailable";
}

namespace Recorder.Plugins.Collectors.MacOS;

/// <summary>The collector's options (the plugin's settings in recorder.yaml).</summary>
public sealed class MacOSSettings
{
    /// <summary><c>source</c>: <c>auto</c> (EndpointSecurity where eslogger exists, else BSM), <c>endpointsecurity</c> or <c>bsm</c>.</summary>
    public string Source { get; set; } = "auto";

    /// <summary><c>audit_class_file</c>: where the BSM class is added.</summary>
    public string AuditClassFile { get; set; } = "/etc/security/audit_class";

    /// <summary><c>audit_event_file</c>: where the events are mapped to the class.</summary>
    public string AuditEventFile { get; set; } = "/etc/security/audit_event";

    /// <summary><c>queue_limit</c>: records the auditpipe clone queues.</summary>
    public uint QueueLimit { get; set; } = Bsm.AuditPipePreselection.DefaultQueueLimit;

    /// <summary>
    /// <c>fsevents_paths</c>: folders the live FSEvents stream watches for file changes (paths, no process), beside the
    /// attributed source. Empty: no FSEvents stream.
    /// </summary>
    public List<string> FseventsPaths { get; set; } = ["/Users", "/Applications", "/Library/LaunchAgents", "/Library/LaunchDaemons"];

    /// <summary><c>fsevents_latency_ms</c>: how long the stream gathers events before delivering them.</summary>
    public int FseventsLatencyMs { get; set; } = 500;
}

using Recorder.Contracts.Plugins;
using Recorder.Linux.Audit.Sources;

namespace Recorder.Plugins.Collectors.LinuxAudit;

/// <summary>
/// Settings of the linux-audit collector (<c>plugins: recorder.collectors.linuxaudit:</c>, snake_case keys).
/// The defaults are the product's.
/// </summary>
public sealed class LinuxAuditSettings
{
    /// <summary>1: may fall back to auditd's plugin path when netlink is refused. 0: netlink only.</summary>
    public int AllowAudispd { get; set; } = 1;

    /// <summary>1: stop a running auditd so the recorder can be the unicast daemon (netlink only). 0: leave it.</summary>
    public int StopAuditd { get; set; }

    /// <summary>Netlink modes the recorder may use, in order: <c>unicast</c>, <c>multicast</c>. Empty: netlink off.</summary>
    public List<string> NetlinkModes { get; set; } = ["unicast", "multicast"];

    /// <summary>When true the recorder loads no rules of its own and records what existing rules produce.</summary>
    public bool RawLogging { get; set; }

    /// <summary>Kernel backlog limit set while the recorder is the unicast daemon.</summary>
    public uint BacklogLimit { get; set; } = 8192;

    /// <summary>Kernel backlog wait time (jiffies) while unicast; 0 drops instead of stalling audited processes.</summary>
    public uint BacklogWaitTime { get; set; }

    /// <summary>Netlink socket receive buffer in bytes (SO_RCVBUFFORCE).</summary>
    public int SocketBufferBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Bytes queued between the receive thread and the processing thread.</summary>
    public int QueueBytes { get; set; } = NetlinkAuditSource.DefaultQueueBytes;

    /// <summary>
    /// Milliseconds the netlink receive thread lets records gather after a small batch: the latency it adds, for
    /// fewer wake-ups per event at a trickle (0 to 1000).
    /// </summary>
    public int GatherMs { get; set; } = (int)NetlinkAuditSource.DefaultGatherDelay.TotalMilliseconds;

    /// <summary>Folder for the auditd forwarder and its FIFO (absolute, no spaces).</summary>
    public string AudispdDirectory { get; set; } = "/var/lib/recorder/audispd";

    /// <summary>Folder holding <c>audit/user-rules.rules</c>; empty means the host's data folder.</summary>
    public string UserRulesDirectory { get; set; } = "";

    /// <summary>How often kernel status (lost, backlog) is polled, in milliseconds.</summary>
    public int StatusIntervalMs { get; set; } = 1000;

    /// <summary>
    /// Adjust auditd.conf at start as the product does (NOLOG becomes RAW with write_logs kept or added;
    /// write_logs removed for auditd before 2.5.2), restarting auditd only when it changed and runs.
    /// </summary>
    public bool ManageAuditdConf { get; set; } = true;

    /// <summary>The auditd configuration file that <see cref="ManageAuditdConf"/> adjusts.</summary>
    public string AuditdConf { get; set; } = "/etc/audit/auditd.conf";

    /// <summary>Checks the values and turns them into source options; throws naming the bad option.</summary>
    public AuditSourceOptions ToSourceOptions()
    {
        if (AllowAudispd is not (0 or 1)) throw new PluginOptionsException("allow_audispd", $"must be 0 or 1, not {AllowAudispd}");
        if (StopAuditd is not (0 or 1)) throw new PluginOptionsException("stop_auditd", $"must be 0 or 1, not {StopAuditd}");
        foreach (var mode in NetlinkModes)
            if (mode is not ("unicast" or "multicast"))
                throw new PluginOptionsException("netlink_modes", $"unknown mode '{mode}'; use unicast and/or multicast");
        if (BacklogLimit == 0) throw new PluginOptionsException("backlog_limit", "must be at least 1");
        if (SocketBufferBytes < 64 * 1024) throw new PluginOptionsException("socket_buffer_bytes", "must be at least 65536");
        if (QueueBytes < 1024 * 1024 || QueueBytes % 8 != 0) throw new PluginOptionsException("queue_bytes", "must be a multiple of 8 and at least 1048576");
        if (!Path.IsPathRooted(AudispdDirectory) || AudispdDirectory.Any(char.IsWhiteSpace))
            throw new PluginOptionsException("audispd_directory", $"'{AudispdDirectory}' must be an absolute path without spaces");
        if (StatusIntervalMs < 50) throw new PluginOptionsException("status_interval_ms", "must be at least 50");
        if (GatherMs is < 0 or > 1000) throw new PluginOptionsException("gather_ms", $"must be 0 to 1000, not {GatherMs}");
        return new AuditSourceOptions
        {
            AllowUnicast = NetlinkModes.Contains("unicast"),
            AllowMulticast = NetlinkModes.Contains("multicast"),
            AllowAudispd = AllowAudispd == 1,
            StopAuditd = StopAuditd == 1,
            AudispdDirectory = AudispdDirectory,
            SocketBufferBytes = SocketBufferBytes,
            QueueBytes = QueueBytes,
            GatherDelay = TimeSpan.FromMilliseconds(GatherMs),
        };
    }
}

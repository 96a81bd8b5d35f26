namespace Recorder.Linux.Audit.Sources;

/// <summary>Which sources the recorder may use, and how it may treat auditd.</summary>
public sealed record AuditSourceOptions
{
    /// <summary>May become the unicast audit daemon.</summary>
    public bool AllowUnicast { get; init; } = true;
    /// <summary>May listen on the multicast group.</summary>
    public bool AllowMulticast { get; init; } = true;
    /// <summary>May install an auditd plugin (the product's <c>allow_audispd</c>, default on).</summary>
    public bool AllowAudispd { get; init; } = true;
    /// <summary>Stops a running auditd so that unicast is free (the product's <c>stop_auditd</c>, default off).</summary>
    public bool StopAuditd { get; init; }
    /// <summary>Absolute folder (no spaces) for the auditd forwarder and its FIFO.</summary>
    public string AudispdDirectory { get; init; } = "/var/lib/recorder/audispd";
    /// <summary>SO_RCVBUF requested for netlink.</summary>
    public int SocketBufferBytes { get; init; } = Netlink.AuditReceiveSocket.DefaultSocketBufferSize;
    /// <summary>Bytes between the receive and processing threads.</summary>
    public int QueueBytes { get; init; } = NetlinkAuditSource.DefaultQueueBytes;
    /// <summary>How long the netlink receive thread lets records gather after a small batch.</summary>
    public TimeSpan GatherDelay { get; init; } = NetlinkAuditSource.DefaultGatherDelay;

    /// <summary>
    /// The product's rule: if either auditd setting differs from its default, only netlink is used (the
    /// administrator has decided how the recorder and auditd share the machine).
    /// </summary>
    public bool NetlinkOnly => !AllowAudispd || StopAuditd;
}

namespace Recorder.Linux.Audit.Sources;

/// <summary>Where records come from, in the order the recorder tries them.</summary>
public enum AuditSourceKind
{
    /// <summary>The recorder is the kernel's audit daemon.</summary>
    NetlinkUnicast,
    /// <summary>The recorder listens to the read-only multicast group beside another daemon (auditd).</summary>
    NetlinkMulticast,
    /// <summary>auditd runs a forwarder plugin that hands its records to the recorder.</summary>
    Audispd,
}

/// <summary>Names shown in status and logs.</summary>
public static class AuditSourceKindNames
{
    /// <summary><c>netlink-unicast</c>, <c>netlink-multicast</c> or <c>audispd</c>.</summary>
    public static string ToStatusName(this AuditSourceKind kind) => kind switch
    {
        AuditSourceKind.NetlinkUnicast => "netlink-unicast",
        AuditSourceKind.NetlinkMulticast => "netlink-multicast",
        AuditSourceKind.Audispd => "audispd",
        _ => kind.ToString(),
    };
}

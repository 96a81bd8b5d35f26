namespace Recorder.Linux.Audit.Netlink;

/// <summary>
/// The kernel's audit state as AUDIT_GET returns it (struct audit_status). Fields a kernel does not send
/// (older kernels send a shorter struct) are null.
/// </summary>
public sealed record AuditStatus
{
    /// <summary>0 disabled, 1 enabled, 2 enabled and immutable (rules locked until reboot).</summary>
    public uint Enabled { get; init; }
    /// <summary>What the kernel does on a critical error: 0 silent, 1 printk, 2 panic.</summary>
    public uint Failure { get; init; }
    /// <summary>PID of the unicast audit daemon, 0 when none.</summary>
    public uint Pid { get; init; }
    /// <summary>Messages per second limit, 0 for none.</summary>
    public uint RateLimit { get; init; }
    /// <summary>Records the kernel queues for the daemon before it drops or waits.</summary>
    public uint BacklogLimit { get; init; }
    /// <summary>Records lost since boot (or since the last reset).</summary>
    public uint Lost { get; init; }
    /// <summary>Records queued now.</summary>
    public uint Backlog { get; init; }
    /// <summary>AUDIT_FEATURE_BITMAP_* bits (the "version" field on very old kernels).</summary>
    public uint? FeatureBitmap { get; init; }
    /// <summary>How long (jiffies) an audited task waits when the backlog is full; null when not reported.</summary>
    public uint? BacklogWaitTime { get; init; }
    /// <summary>Total time tasks waited on a full backlog; null when not reported.</summary>
    public uint? BacklogWaitTimeActual { get; init; }

    /// <summary>True when the configuration is locked (<c>auditctl -e 2</c>): rules and settings cannot change.</summary>
    public bool IsImmutable => Enabled == 2;

    /// <summary>True when the kernel accepts AUDIT_STATUS_BACKLOG_WAIT_TIME.</summary>
    public bool SupportsBacklogWaitTime =>
        FeatureBitmap is { } bits && (bits & AuditConstants.AUDIT_FEATURE_BITMAP_BACKLOG_WAIT_TIME) != 0 && BacklogWaitTime is not null;

    /// <summary>Parses the payload of an AUDIT_GET reply; short (old-kernel) payloads leave later fields null.</summary>
    public static AuditStatus Parse(ReadOnlySpan<byte> payload)
    {
        const int minimum = 8 * sizeof(uint); // mask .. backlog: present in every kernel that has audit
        if (payload.Length < minimum)
            throw new FormatException($"audit_status reply is {payload.Length} bytes; at least {minimum} expected.");
        return new AuditStatus
        {
            Enabled = U32(payload, 1),
            Failure = U32(payload, 2),
            Pid = U32(payload, 3),
            RateLimit = U32(payload, 4),
            BacklogLimit = U32(payload, 5),
            Lost = U32(payload, 6),
            Backlog = U32(payload, 7),
            FeatureBitmap = OptionalU32(payload, 8),
            BacklogWaitTime = OptionalU32(payload, 9),
            BacklogWaitTimeActual = OptionalU32(payload, 10),
        };
    }

    private static uint U32(ReadOnlySpan<byte> payload, int index) =>
        BitConverter.ToUInt32(payload.Slice(index * sizeof(uint), sizeof(uint)));

    private static uint? OptionalU32(ReadOnlySpan<byte> payload, int index) =>
        payload.Length >= (index + 1) * sizeof(uint) ? U32(payload, index) : null;
}

/// <summary>
/// A change to the kernel's audit state for AUDIT_SET: only the properties that are set are sent (the mask).
/// </summary>
public sealed record AuditStatusChange
{
    /// <summary>0 disable, 1 enable, 2 lock (irreversible until reboot).</summary>
    public uint? Enabled { get; init; }
    /// <summary>Failure mode: 0 silent, 1 printk, 2 panic.</summary>
    public uint? Failure { get; init; }
    /// <summary>Unicast daemon PID; 0 releases it. The socket sending the change becomes the receiver.</summary>
    public uint? Pid { get; init; }
    /// <summary>Messages per second limit.</summary>
    public uint? RateLimit { get; init; }
    /// <summary>Backlog limit in records.</summary>
    public uint? BacklogLimit { get; init; }
    /// <summary>Backlog wait time in jiffies; 0 makes the kernel drop instead of stalling audited tasks.</summary>
    public uint? BacklogWaitTime { get; init; }

    /// <summary>True when nothing would be changed.</summary>
    public bool IsEmpty => Mask == 0;

    internal uint Mask =>
        (Enabled is null ? 0 : AuditConstants.AUDIT_STATUS_ENABLED)
        | (Failure is null ? 0 : AuditConstants.AUDIT_STATUS_FAILURE)
        | (Pid is null ? 0 : AuditConstants.AUDIT_STATUS_PID)
        | (RateLimit is null ? 0 : AuditConstants.AUDIT_STATUS_RATE_LIMIT)
        | (BacklogLimit is null ? 0 : AuditConstants.AUDIT_STATUS_BACKLOG_LIMIT)
        | (BacklogWaitTime is null ? 0 : AuditConstants.AUDIT_STATUS_BACKLOG_WAIT_TIME);

    internal audit_status ToNative() => new()
    {
        mask = Mask,
        enabled = Enabled ?? 0,
        failure = Failure ?? 0,
        pid = Pid ?? 0,
        rate_limit = RateLimit ?? 0,
        backlog_limit = BacklogLimit ?? 0,
        backlog_wait_time = BacklogWaitTime ?? 0,
    };
}

namespace Recorder.Plugins.Collectors.MacOS.Bsm;

/// <summary>
/// How Recorder's auditpipe clone is preselected: local mode (its own masks, not the system's audit_control), and
/// success, failure and non-attributable masks that are our class bit alone, so the clone receives the calls our
/// subscriptions need and nothing is added to the system's own trail.
/// </summary>
internal sealed record AuditPipePreselection(uint ClassMask, uint QueueLimit)
{
    /// <summary>AUDITPIPE_PRESELECT_MODE_LOCAL.</summary>
    public const int LocalMode = 2;

    /// <summary>Records queued in the clone before the kernel drops (the kernel caps it at its own maximum).</summary>
    public const uint DefaultQueueLimit = 8192;

    /// <summary>au_mask_t: the classes audited when the call succeeds, and when it fails.</summary>
    public (uint Success, uint Failure) Flags => (ClassMask, ClassMask);

    /// <summary>Non-attributable events (before a login has set the audit user): logins are, so the class is in.</summary>
    public (uint Success, uint Failure) NonAttributableFlags => (ClassMask, ClassMask);
}

using Recorder.Contracts.Plugins;
using Recorder.Linux.Audit.Netlink;

namespace Recorder.Plugins.Collectors.LinuxAudit;

/// <summary>
/// Changes the kernel's audit settings the recorder needs (enabled; as unicast daemon also the backlog limit and
/// a zero backlog wait so audited processes never stall) and puts back exactly what it changed on stop.
/// </summary>
internal sealed class KernelSettingsGuard
{
    private readonly KernelAuditLink _kernel;
    private readonly IPluginDiagnostics _diagnostics;
    private AuditStatusChange _restore = new();

    public KernelSettingsGuard(KernelAuditLink kernel, IPluginDiagnostics diagnostics)
    {
        _kernel = kernel;
        _diagnostics = diagnostics;
    }

    /// <summary>The values the kernel had before the recorder changed anything (handed over on hot reload).</summary>
    public AuditStatusChange Restore => _restore;

    public void Apply(AuditStatus before, bool unicast, LinuxAuditSettings settings, AuditStatusChange? inherited)
    {
        if (before.IsImmutable)
        {
            _diagnostics.Log(PluginLogLevel.Warning, "kernel audit configuration is immutable (enabled=2): rules and settings cannot change until reboot; reading only");
            return;
        }
        var change = new AuditStatusChange
        {
            Enabled = before.Enabled == 0 ? 1u : null,
            BacklogLimit = unicast && before.BacklogLimit != settings.BacklogLimit ? settings.BacklogLimit : null,
            BacklogWaitTime = unicast && before.SupportsBacklogWaitTime && before.BacklogWaitTime != settings.BacklogWaitTime ? settings.BacklogWaitTime : null,
        };
        _kernel.Use(control => control.SetStatus(change));
        // A predecessor (hot reload) already restored the originals before we started; keep its record of them.
        _restore = inherited ?? new AuditStatusChange
        {
            Enabled = change.Enabled is null ? null : before.Enabled,
            BacklogLimit = change.BacklogLimit is null ? null : before.BacklogLimit,
            BacklogWaitTime = change.BacklogWaitTime is null ? null : before.BacklogWaitTime,
        };
        if (!change.IsEmpty)
            _diagnostics.Log(PluginLogLevel.Information, $"kernel audit settings: enabled={change.Enabled?.ToString() ?? "unchanged"} backlog_limit={change.BacklogLimit?.ToString() ?? "unchanged"} backlog_wait_time={change.BacklogWaitTime?.ToString() ?? "unchanged"}");
    }

    public void RestoreOriginal()
    {
        if (_restore.IsEmpty) return;
        try
        {
            _kernel.Use(control => control.SetStatus(_restore));
            _diagnostics.Log(PluginLogLevel.Information, $"kernel audit settings restored: {_restore}");
        }
        catch (AuditNetlinkException ex)
        {
            _diagnostics.Log(PluginLogLevel.Error, "could not restore kernel audit settings", ex);
        }
    }
}

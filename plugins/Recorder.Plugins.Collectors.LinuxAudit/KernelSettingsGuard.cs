using Recorder.Contracts.Plugins;
using Recorder.Linux.Audit.Netlink;

namespace Recorder.Plugins.Collectors.LinuxAudit;

/// <summary>
/// Changes the kernel's audit settings the recorder needs (enabled; as unicast daemon also the backlog limit and
/// a zero backlog wait so audited processes never stall) and puts back exactly what it changed on stop. The
/// originals are kept on disk (<see cref="OriginalKernelSettingsFile"/>) until they are back, so a clean stop after a
/// crash restores what the machine had before the first start.
/// </summary>
internal sealed class KernelSettingsGuard
{
    private readonly KernelAuditLink _kernel;
    private readonly IPluginDiagnostics _diagnostics;
    private readonly OriginalKernelSettingsFile _originals;
    private AuditStatusChange _restore = new();

    public KernelSettingsGuard(KernelAuditLink kernel, IPluginDiagnostics diagnostics, OriginalKernelSettingsFile originals)
    {
        _kernel = kernel;
        _diagnostics = diagnostics;
        _originals = originals;
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
        // A predecessor (hot reload) hands its record of the originals over; a run that was killed left them on disk
        // (the kernel then shows that run's values, not the machine's own).
        var leftByCrash = inherited is null ? ReadLeftOriginals() : null;
        if (leftByCrash is not null)
            _diagnostics.Log(PluginLogLevel.Warning, $"a previous run did not stop cleanly: the kernel audit settings from before it ({leftByCrash}) are restored on stop");
        _restore = inherited ?? leftByCrash ?? new AuditStatusChange
        {
            Enabled = change.Enabled is null ? null : before.Enabled,
            BacklogLimit = change.BacklogLimit is null ? null : before.BacklogLimit,
            BacklogWaitTime = change.BacklogWaitTime is null ? null : before.BacklogWaitTime,
        };
        // On disk before the kernel changes: a crash in between must not lose them.
        if (!_restore.IsEmpty) _originals.Write(_restore);
        _kernel.Use(control => control.SetStatus(change));
        if (!change.IsEmpty)
            _diagnostics.Log(PluginLogLevel.Information, $"kernel audit settings: enabled={change.Enabled?.ToString() ?? "unchanged"} backlog_limit={change.BacklogLimit?.ToString() ?? "unchanged"} backlog_wait_time={change.BacklogWaitTime?.ToString() ?? "unchanged"}");
    }

    private AuditStatusChange? ReadLeftOriginals()
    {
        try { return _originals.Read(); }
        catch (IOException ex)
        {
            _diagnostics.Log(PluginLogLevel.Error, $"{_originals.Path}: cannot read the kernel audit settings a previous run left", ex);
            return null;
        }
    }

    public void RestoreOriginal()
    {
        if (_restore.IsEmpty) return;
        try
        {
            _kernel.Use(control => control.SetStatus(_restore));
            _originals.Delete();
            _diagnostics.Log(PluginLogLevel.Information, $"kernel audit settings restored: {_restore}");
        }
        catch (AuditNetlinkException ex)
        {
            _diagnostics.Log(PluginLogLevel.Error, "could not restore kernel audit settings", ex);
        }
    }
}

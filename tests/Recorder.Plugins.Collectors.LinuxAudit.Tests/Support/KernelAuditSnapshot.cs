using Recorder.Linux.Audit.Netlink;
using Recorder.Linux.Audit.Sources;

namespace Recorder.Plugins.Collectors.LinuxAudit.Tests.Support;

/// <summary>
/// What the machine's audit state was before a test; <see cref="Dispose"/> puts back enabled, backlog, the
/// audit PID owner and auditd running or not, even when the test failed half-way.
/// </summary>
internal sealed class KernelAuditSnapshot : IDisposable
{
    public AuditStatus Before { get; }
    public bool AuditdWasRunning { get; }
    public AuditdService Auditd { get; } = new();

    public KernelAuditSnapshot()
    {
        using var control = AuditControlSocket.Open();
        Before = control.GetStatus();
        AuditdWasRunning = Auditd.IsRunning;
    }

    public void StartAuditd() { if (!Auditd.IsRunning) Assert.True(Auditd.Start(TimeSpan.FromSeconds(10)), "auditd did not start"); }
    public void StopAuditd() { if (Auditd.IsRunning) Assert.True(Auditd.Stop(TimeSpan.FromSeconds(10)), "auditd did not stop"); }

    public static AuditStatus Now()
    {
        using var control = AuditControlSocket.Open();
        return control.GetStatus();
    }

    public static IReadOnlyList<byte[]> Rules()
    {
        using var control = AuditControlSocket.Open();
        return control.ListRules();
    }

    public void Dispose()
    {
        if (AuditdWasRunning) Auditd.Start(TimeSpan.FromSeconds(10));
        else Auditd.Stop(TimeSpan.FromSeconds(10));
        using var control = AuditControlSocket.Open();
        var now = control.GetStatus();
        if (now.IsImmutable) return;
        control.SetStatus(new AuditStatusChange
        {
            Enabled = now.Enabled != Before.Enabled ? Before.Enabled : null,
            BacklogLimit = now.BacklogLimit != Before.BacklogLimit ? Before.BacklogLimit : null,
            BacklogWaitTime = Before.BacklogWaitTime is { } wait && now.BacklogWaitTime != wait ? wait : null,
        });
    }
}

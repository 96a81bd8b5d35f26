using Recorder.Linux.Audit.Netlink;
using Recorder.Linux.Audit.Sources;

namespace Recorder.Linux.Audit.Tests.Netlink;

/// <summary>
/// Snapshot of the kernel audit state and auditd for one test: on dispose it deletes the rules the test
/// added, restores enabled and backlog settings, and stops or starts auditd to match what it found.
/// </summary>
internal sealed class KernelAuditScope : IDisposable
{
    private readonly AuditStatus _before;
    private readonly bool _auditdWasRunning;
    private readonly List<byte[]> _rules = new();

    public KernelAuditScope()
    {
        Control = AuditControlSocket.Open();
        _before = Control.GetStatus();
        _auditdWasRunning = Auditd.IsRunning;
    }

    public AuditControlSocket Control { get; }
    public AuditdService Auditd { get; } = new();

    public void AddRule(byte[] rule)
    {
        Control.AddRule(rule);
        _rules.Add(rule);
    }

    public void EnsureAuditdRunning()
    {
        if (!Auditd.IsRunning) Assert.True(Auditd.Start(TimeSpan.FromSeconds(10)), "auditd did not start");
    }

    public void EnsureAuditdStopped()
    {
        if (Auditd.IsRunning) Assert.True(Auditd.Stop(TimeSpan.FromSeconds(10)), "auditd did not stop");
    }

    public void Dispose()
    {
        foreach (var rule in _rules)
            try { Control.DeleteRule(rule); } catch (AuditNetlinkException) { }
        if (_auditdWasRunning) Auditd.Start(TimeSpan.FromSeconds(10));
        else Auditd.Stop(TimeSpan.FromSeconds(10));
        var now = Control.GetStatus();
        if (now.IsImmutable) { Control.Dispose(); return; }
        Control.SetStatus(new AuditStatusChange
        {
            Enabled = now.Enabled != _before.Enabled ? _before.Enabled : null,
            BacklogLimit = now.BacklogLimit != _before.BacklogLimit ? _before.BacklogLimit : null,
            BacklogWaitTime = _before.BacklogWaitTime is { } wait && now.BacklogWaitTime != wait ? wait : null,
        });
        Control.Dispose();
    }
}

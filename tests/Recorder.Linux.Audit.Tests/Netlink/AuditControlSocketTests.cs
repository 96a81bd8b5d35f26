using System.Diagnostics;
using Recorder.Linux.Audit.Netlink;
using Recorder.Tests.Shared;

namespace Recorder.Linux.Audit.Tests.Netlink;

[Collection(KernelAudit.Collection)]
public sealed class AuditControlSocketTests
{
    private const int OpenAtX86_64 = 257;

    [KernelAuditFact]
    public void GetStatus_matches_what_auditctl_reports()
    {
        using var _ = KernelAudit.Lock();
        using var control = AuditControlSocket.Open();
        var status = control.GetStatus();

        var auditctl = RunAuditctl("-s");
        Assert.Contains($"enabled {status.Enabled}", auditctl);
        Assert.Contains($"backlog_limit {status.BacklogLimit}", auditctl);
        Assert.Contains($"pid {status.Pid}", auditctl);
        Assert.NotNull(status.FeatureBitmap);
        Assert.True(status.SupportsBacklogWaitTime, "kernel 6.x reports backlog_wait_time");
    }

    [KernelAuditFact]
    public void SetStatus_changes_only_the_masked_fields_and_can_restore_them()
    {
        using var _ = KernelAudit.Lock();
        using var control = AuditControlSocket.Open();
        var before = control.GetStatus();
        try
        {
            control.SetStatus(new AuditStatusChange { BacklogLimit = before.BacklogLimit + 123 });
            var changed = control.GetStatus();
            Assert.Equal(before.BacklogLimit + 123, changed.BacklogLimit);
            Assert.Equal(before.Enabled, changed.Enabled);
            Assert.Equal(before.Failure, changed.Failure);
            Assert.Contains($"backlog_limit {before.BacklogLimit + 123}", RunAuditctl("-s"));
        }
        finally
        {
            control.SetStatus(new AuditStatusChange { BacklogLimit = before.BacklogLimit });
        }
        Assert.Equal(before.BacklogLimit, control.GetStatus().BacklogLimit);
    }

    [KernelAuditFact]
    public void AddRule_lists_in_auditctl_and_DeleteRule_removes_it()
    {
        using var _ = KernelAudit.Lock();
        using var control = AuditControlSocket.Open();
        var key = "rec-test-" + Environment.ProcessId;
        var rule = TestRules.ExitAlways(OpenAtX86_64, key);
        try
        {
            control.AddRule(rule);
            Assert.Contains(control.ListRules(), r => TestRules.HasKey(r, key));
            Assert.Contains($"-a always,exit -F arch=b64 -S openat -F key={key}", RunAuditctl("-l"));
        }
        finally
        {
            try { control.DeleteRule(rule); } catch (AuditNetlinkException) { }
        }
        Assert.DoesNotContain(control.ListRules(), r => TestRules.HasKey(r, key));
        Assert.DoesNotContain(key, RunAuditctl("-l"));
    }

    [KernelAuditFact]
    public void A_refused_request_throws_with_the_kernel_errno()
    {
        using var _ = KernelAudit.Lock();
        using var control = AuditControlSocket.Open();
        var key = "rec-dup-" + Environment.ProcessId;
        var rule = TestRules.ExitAlways(OpenAtX86_64, key);
        control.AddRule(rule);
        try
        {
            var duplicate = Assert.Throws<AuditNetlinkException>(() => control.AddRule(rule));
            Assert.Equal(17, duplicate.Errno); // EEXIST
            Assert.Contains("AUDIT_ADD_RULE", duplicate.Message);
            Assert.Contains("EEXIST", duplicate.Message);
        }
        finally
        {
            control.DeleteRule(rule);
        }
        var missing = Assert.Throws<AuditNetlinkException>(() => control.DeleteRule(rule));
        Assert.Equal(2, missing.Errno); // ENOENT
    }

    [Fact]
    public void AuditStatus_parses_the_short_struct_of_old_kernels()
    {
        var payload = new byte[8 * 4];
        BitConverter.TryWriteBytes(payload.AsSpan(1 * 4), 2u); // enabled = 2 (immutable)
        BitConverter.TryWriteBytes(payload.AsSpan(5 * 4), 320u); // backlog_limit
        var status = AuditStatus.Parse(payload);
        Assert.True(status.IsImmutable);
        Assert.Equal(320u, status.BacklogLimit);
        Assert.Null(status.FeatureBitmap);
        Assert.Null(status.BacklogWaitTime);
        Assert.False(status.SupportsBacklogWaitTime);
        Assert.Throws<FormatException>(() => AuditStatus.Parse(new byte[12]));
    }

    internal static string RunAuditctl(string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("auditctl", arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}

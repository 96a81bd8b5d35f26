using System.Diagnostics;
using Recorder.Linux.Audit.Auditd;

namespace Recorder.Linux.Audit.Tests.Auditd;

/// <summary>Immutable mode is detected by parsing; it is never set here (it would last until reboot).</summary>
public sealed class AuditctlStatusTests
{
    private const string Immutable = "enabled 2\nfailure 1\npid 612\nrate_limit 0\nbacklog_limit 8192\nlost 17\nbacklog 3\nbacklog_wait_time 0\nbacklog_wait_time_actual 0\nloginuid_immutable 0 unlocked\n";

    [Fact]
    public void Enabled_2_is_immutable()
    {
        var status = AuditctlStatus.Parse(Immutable);

        Assert.True(status.IsImmutable);
        Assert.Equal(2, status.Enabled);
        Assert.Equal(8192u, status.BacklogLimit);
        Assert.Equal(17u, status.Lost);
        Assert.Equal(3u, status.Backlog);
        Assert.Equal(612u, status.Pid);
        Assert.Equal("0 unlocked", status["loginuid_immutable"]);
    }

    [Theory]
    [InlineData("enabled enabled+immutable\nfailure printk\n", true)]
    [InlineData("enabled enabled\n", false)]
    [InlineData("enabled 1\n", false)]
    [InlineData("enabled 0\n", false)]
    public void The_interpreted_form_is_read_too(string text, bool immutable)
    {
        Assert.Equal(immutable, AuditctlStatus.Parse(text).IsImmutable);
    }

    [Fact]
    public void This_machines_auditctl_status_parses_and_is_not_immutable()
    {
        if (Recorder.Tests.Shared.KernelAudit.SkipReason() is not null && !Recorder.Tests.Shared.KernelAudit.IsCi) return;
        var start = new ProcessStartInfo("auditctl", "-s") { RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        var status = AuditctlStatus.Parse(text);

        Assert.NotNull(status.Enabled);
        Assert.False(status.IsImmutable);
        Assert.NotNull(status.BacklogLimit);
    }
}

using Recorder.Linux.Audit.Netlink;
using Recorder.Linux.Audit.Sources;
using Recorder.Tests.Shared;

namespace Recorder.Linux.Audit.Tests.Netlink;

/// <summary>Each source path against the real kernel and the real auditd: a mkdir under a keyed rule arrives.</summary>
[Collection(KernelAudit.Collection)]
public sealed class AuditSourceTests
{
    private const int MkdirX86_64 = 83;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [KernelAuditFact]
    public void Unicast_receives_the_records_of_a_ruled_syscall_and_releases_the_pid_on_stop()
    {
        using var _ = KernelAudit.Lock();
        using var scope = new KernelAuditScope();
        scope.EnsureAuditdStopped();
        scope.Control.SetStatus(new AuditStatusChange { Enabled = 1 });

        var selection = AuditSourceSelector.Open(new AuditSourceOptions(), scope.Auditd, _ => { });
        var handler = new RecordingHandler();
        using (var source = selection.Source)
        {
            Assert.Equal(AuditSourceKind.NetlinkUnicast, source.Kind);
            Assert.Equal((uint)Environment.ProcessId, scope.Control.GetStatus().Pid);
            source.Start(handler);
            var (key, directory) = MakeDirectoryUnderRule(scope);
            var syscall = handler.WaitFor(t => IsMkdirRecord(t, key), Wait);
            Assert.Contains("syscall=83", syscall);
            handler.WaitFor(t => t.Contains(Path.GetFileName(directory), StringComparison.Ordinal), Wait); // the PATH record
            Assert.Contains(handler.Records, r => r.Type == 1320); // EOE
            Assert.True(source.Counters.RecordsReceived >= 3);
            source.Stop();
        }
        Assert.Equal(0u, scope.Control.GetStatus().Pid);
        Assert.True(handler.IdleCalls > 0, "idle is signalled so the assembler can time out events");
    }

    [KernelAuditFact]
    public void With_auditd_running_unicast_is_refused_and_multicast_receives()
    {
        using var _ = KernelAudit.Lock();
        using var scope = new KernelAuditScope();
        scope.EnsureAuditdRunning();

        var log = new List<string>();
        var selection = AuditSourceSelector.Open(new AuditSourceOptions(), scope.Auditd, log.Add);
        using var source = selection.Source;
        Assert.Equal(AuditSourceKind.NetlinkMulticast, source.Kind);
        Assert.Contains(selection.Refusals, r => r.StartsWith("netlink-unicast: another audit daemon", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("netlink-multicast", StringComparison.Ordinal));

        var handler = new RecordingHandler();
        source.Start(handler);
        var (key, _) = MakeDirectoryUnderRule(scope);
        handler.WaitFor(t => IsMkdirRecord(t, key), Wait);
        source.Stop();
    }

    [KernelAuditFact]
    public void With_netlink_disallowed_the_auditd_plugin_path_delivers_log_lines_and_is_removed_on_stop()
    {
        using var _ = KernelAudit.Lock();
        using var scope = new KernelAuditScope();
        scope.EnsureAuditdRunning();
        var directory = Path.Combine("/tmp", "recorder-audispd-test-" + Environment.ProcessId);
        var options = new AuditSourceOptions { AllowUnicast = false, AllowMulticast = false, AudispdDirectory = directory };

        var selection = AuditSourceSelector.Open(options, scope.Auditd, _ => { });
        var source = Assert.IsType<AudispdAuditSource>(selection.Source);
        try
        {
            Assert.True(File.Exists(source.ConfigurationPath));
            var handler = new RecordingHandler();
            source.Start(handler);
            Thread.Sleep(500); // auditd starts the forwarder when it handles SIGHUP
            var (key, _) = MakeDirectoryUnderRule(scope);
            var line = handler.WaitFor(t => IsMkdirRecord(t, key), Wait);
            Assert.StartsWith("type=SYSCALL msg=audit(", line);
            source.Stop();
            Assert.False(File.Exists(source.ConfigurationPath));
        }
        finally
        {
            source.Dispose();
            Directory.Delete(directory, recursive: true);
        }
    }

    [KernelAuditFact]
    public void With_netlink_disallowed_and_allow_audispd_off_no_source_opens_and_the_reasons_are_named()
    {
        using var _ = KernelAudit.Lock();
        using var scope = new KernelAuditScope();
        var options = new AuditSourceOptions { AllowUnicast = false, AllowMulticast = false, AllowAudispd = false };
        var error = Assert.Throws<AuditSourceUnavailableException>(() => AuditSourceSelector.Open(options, scope.Auditd, _ => { }));
        Assert.Contains("allow_audispd", error.Message);
    }

    // The SYSCALL record of the mkdir (the CONFIG_CHANGE of adding the rule carries the key too).
    private static bool IsMkdirRecord(string text, string key) =>
        text.Contains("syscall=83 ", StringComparison.Ordinal) && text.Contains($"key=\"{key}\"", StringComparison.Ordinal);

    private static (string Key, string Directory) MakeDirectoryUnderRule(KernelAuditScope scope)
    {
        var key = "rec-src-" + Guid.NewGuid().ToString("N")[..8];
        scope.AddRule(TestRules.ExitAlways(MkdirX86_64, key));
        var directory = Path.Combine(Path.GetTempPath(), key);
        // A child process makes the directory: the kernel audits it like any other program on the machine.
        using (var mkdir = System.Diagnostics.Process.Start("/bin/mkdir", directory)) mkdir.WaitForExit();
        Directory.Delete(directory);
        return (key, directory);
    }
}

using Recorder.Linux.Audit.Auditd;
using Recorder.Linux.Audit.Sources;
using Recorder.Linux.Audit.Netlink;
using Recorder.Tests.Shared;

namespace Recorder.Linux.Audit.Tests.Auditd;

/// <summary>
/// The real auditd, started on a throwaway configuration folder (<c>auditd -c</c>): the recorder's change to
/// auditd.conf restarts it, and the new daemon runs with the rewritten file. auditd becomes the kernel's audit
/// daemon while it runs, so this holds the kernel-audit lock and restores the kernel's state.
/// </summary>
[Collection(KernelAudit.Collection)]
public sealed class AuditdServiceTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("recorder-auditd-real-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [KernelAuditFact]
    public void Changing_auditd_conf_restarts_the_running_auditd_which_accepts_the_new_file()
    {
        using var _ = KernelAudit.Lock();
        var system = new AuditdService();
        Assert.True(system.IsInstalled, "auditd is not installed (apt-get install auditd)");
        if (system.IsRunning) return; // the machine's own auditd runs: never stop it from a test

        var config = Path.Combine(_directory, "auditd.conf");
        Directory.CreateDirectory(Path.Combine(_directory, "plugins.d")); // no plugins: keep others' plugin files out
        File.WriteAllText(config,
            "# throwaway auditd configuration for a test\n" +
            $"log_file = {_directory}/audit.log\n" +
            "log_format = NOLOG\n" +
            "flush = NONE\n" +
            $"plugin_dir = {_directory}/plugins.d\n" +
            "space_left = 2\nadmin_space_left = 1\ndisk_full_action = IGNORE\ndisk_error_action = IGNORE\n");
        File.SetUnixFileMode(config, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        using var control = AuditControlSocket.Open();
        var enabled = control.GetStatus().Enabled;
        var service = new AuditdService(arguments: ["-c", _directory]);
        try
        {
            Assert.True(service.Start(TimeSpan.FromSeconds(10)), "auditd -c did not start");
            var first = service.RunningPid();
            Assert.NotNull(first);
            Assert.Equal((uint)first!.Value, control.GetStatus().Pid);

            var result = new AuditdConfigurator(service, config).Apply();

            Assert.Equal(new Version(3, 0, 9), result.AuditdVersion);
            Assert.Equal(["changed log_format from NOLOG to RAW", "added write_logs = NO"], result.Changes.Select(c => c.ToString()));
            Assert.True(result.Restarted);
            var second = service.RunningPid();
            Assert.NotNull(second);
            Assert.NotEqual(first, second);
            Assert.Equal((uint)second!.Value, control.GetStatus().Pid);
            Assert.False(File.Exists(Path.Combine(_directory, "audit.log"))); // write_logs = NO: still no log file
        }
        finally
        {
            service.Stop(TimeSpan.FromSeconds(10));
            if (enabled < 2 && control.GetStatus().Enabled != enabled) control.SetStatus(new AuditStatusChange { Enabled = enabled });
        }
    }
}

using System.Diagnostics;
using System.Runtime.InteropServices;
using Recorder.Linux.Audit.Netlink;
using Recorder.Plugins.Collectors.LinuxAudit.Tests.Support;
using Recorder.Tests.Shared;

namespace Recorder.Plugins.Collectors.LinuxAudit.Tests;

/// <summary>
/// A recorder killed with SIGKILL cannot put the kernel's audit settings back. The originals it kept on disk let
/// the next run's clean stop restore what the machine had before the first start.
/// </summary>
[Collection(KernelAudit.Collection)]
public sealed partial class CrashRestoreTests
{
    [KernelAuditFact]
    public async Task After_a_SIGKILL_the_next_clean_start_and_stop_restores_the_kernel_settings_from_before_the_first_start()
    {
        using var _ = KernelAudit.Lock();
        using var snapshot = new KernelAuditSnapshot();
        snapshot.StopAuditd();
        // Distinctive originals, so that nothing else could put them back by chance.
        using (var control = AuditControlSocket.Open()) control.SetStatus(new AuditStatusChange { BacklogLimit = 321 });
        var original = KernelAuditSnapshot.Now();
        var root = Directory.CreateTempSubdirectory("recorder-crash-").FullName;
        try
        {
            var subscriptions = Directory.CreateDirectory(Path.Combine(root, "subscriptions")).FullName;
            File.WriteAllText(Path.Combine(subscriptions, "exec.yaml"), """
                module: crash-test
                subscriptions:
                  - name: exec
                    events: [process.start]
                    sink: { name: journal, options: { path: journal } }
                """);
            var config = Path.Combine(root, "recorder.yaml");
            File.WriteAllText(config, $"""
                data_dir: {Path.Combine(root, "data")}
                plugin_dirs: [{Path.Combine(RepoPaths.Root, "artifacts", "plugins")}]
                trust_store: {Path.Combine(RepoPaths.Root, "artifacts", "trust")}
                subscription_dirs: [{subscriptions}]
                """);

            using (var first = StartRecorder(config))
            {
                await WaitUntilReceiving(first);
                Assert.Equal(8192u, KernelAuditSnapshot.Now().BacklogLimit);
                first.Kill(); // SIGKILL: no stop code runs
                await first.WaitForExitAsync();
            }
            Assert.Equal(8192u, KernelAuditSnapshot.Now().BacklogLimit); // left changed by the killed run

            using (var second = StartRecorder(config))
            {
                await WaitUntilReceiving(second);
                Assert.Equal(0, Kill(second.Id, 15));
                Assert.True(second.WaitForExit(60_000), "recorder did not stop");
                Assert.Equal(0, second.ExitCode);
            }
            var after = KernelAuditSnapshot.Now();
            Assert.Equal(original.Enabled, after.Enabled);
            Assert.Equal(321u, after.BacklogLimit);
            Assert.Equal(original.BacklogWaitTime, after.BacklogWaitTime);
            Assert.Empty(Directory.GetFiles(Path.Combine(root, "data"), "kernel-settings.original", SearchOption.AllDirectories));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static Process StartRecorder(string config)
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(RepoPaths.Root, "host", "Recorder.Cli", "bin", configuration, "net10.0", "recorder.dll"));
        foreach (var argument in new[] { "run", "--config", config }) start.ArgumentList.Add(argument);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Waits until the recorder process is the kernel's audit daemon (it has changed the settings by then).</summary>
    private static async Task WaitUntilReceiving(Process recorder)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (KernelAuditSnapshot.Now().Pid != (uint)recorder.Id)
        {
            Assert.False(recorder.HasExited, "the recorder ended before it started receiving");
            Assert.True(DateTime.UtcNow < deadline, "the recorder did not become the audit daemon within 60 s");
            await Task.Delay(100);
        }
        await Task.Delay(500);
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}

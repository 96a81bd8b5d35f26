using Recorder.Host;
using Recorder.Host.Configuration;
using Recorder.Host.Diagnostics;
using Recorder.Host.Runtime;
using Recorder.Trust;
using Recorder.Plugins.Collectors.LinuxAudit.Tests.Support;
using Recorder.Tests.Shared;

namespace Recorder.Plugins.Collectors.LinuxAudit.Tests;

/// <summary>
/// The collector as operators run it: signed, loaded by the real host from a plugin folder, routed by a
/// subscription into the journal sink; a real exec ends up as a line in the journal file.
/// </summary>
[Collection(KernelAudit.Collection)]
public sealed class HostEndToEndTests
{
    [KernelAuditFact]
    public async Task A_real_exec_reaches_the_journal_through_the_host_and_stopping_the_host_restores_the_kernel()
    {
        using var _ = KernelAudit.Lock();
        using var snapshot = new KernelAuditSnapshot();
        snapshot.StopAuditd();
        var root = Directory.CreateTempSubdirectory("recorder-e2e-").FullName;
        File.SetUnixFileMode(root, (UnixFileMode)0x1ED); // 0755: plugin folders must not be writable by others
        try
        {
            var plugins = Directory.CreateDirectory(Path.Combine(root, "plugins")).FullName;
            var trust = Directory.CreateDirectory(Path.Combine(root, "trust", TrustStoreLayout.KeysFolderName)).Parent!.FullName;
            var subscriptions = Directory.CreateDirectory(Path.Combine(root, "subscriptions")).FullName;
            var journal = Path.Combine(root, "journal");
            using var key = SigningKey.Generate();
            key.WritePublicKeyFile(Path.Combine(trust, TrustStoreLayout.KeysFolderName, key.KeyId + ".pem"));
            PluginDeployment.Deploy(plugins, key, "Recorder.Plugins.Collectors.LinuxAudit", "recorder.collectors.linuxaudit", PluginKind.Collector);
            PluginDeployment.Deploy(plugins, key, "Recorder.Plugins.Sinks.Journal", "recorder.sinks.journal", PluginKind.Sink);
            File.WriteAllText(Path.Combine(subscriptions, "e2e.yaml"), $$"""
                module: e2e
                subscriptions:
                  - name: exec-history
                    events: [process.start]
                    sink:
                      name: journal
                      options: { path: {{journal}}, compress: false }
                """);

            var config = new HostConfiguration
            {
                DataDirectory = Path.Combine(root, "data"),
                PluginDirectories = [plugins],
                TrustStoreDirectory = trust,
                SubscriptionDirectories = [subscriptions],
                Pipeline = new PipelineSettings { BatchDelay = TimeSpan.FromMilliseconds(10), DrainTimeout = TimeSpan.FromSeconds(20) },
                Source = "e2e test",
            };
            var log = new StringWriter();
            var host = new RecorderHost(config, new HostLog(TextWriter.Synchronized(log)), new RecorderHostOptions
            {
                OpenControlSocket = false,
                WatchFolders = false,
                PluginCallTimeout = TimeSpan.FromSeconds(20),
            });
            await using (host)
            {
                await host.StartAsync();
                var marker = "e2e-" + Guid.NewGuid().ToString("N");
                ChildProcess.Run("/bin/echo", "through the host", marker);

                var file = Path.Combine(journal, "events.jsonl");
                var deadline = DateTime.UtcNow.AddSeconds(15);
                string? line = null;
                while (line is null && DateTime.UtcNow < deadline)
                {
                    if (File.Exists(file))
                    {
                        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                        line = new StreamReader(stream).ReadToEnd().Split('\n').FirstOrDefault(l => l.Contains(marker, StringComparison.Ordinal));
                    }
                    if (line is null) await Task.Delay(100);
                }
                Assert.True(line is not null, "no journal line with the marker; host log:\n" + log);
                Assert.Contains("process.start", line);
                Assert.Contains("/usr/bin/echo", line);
                Assert.Contains(host.StatusRows(), r => r.Name == "source" && r.Value == "netlink-unicast");
                Assert.Equal((uint)Environment.ProcessId, KernelAuditSnapshot.Now().Pid);
                await host.StopAsync();
            }

            var after = KernelAuditSnapshot.Now();
            Assert.Equal(0u, after.Pid);
            Assert.Equal(snapshot.Before.BacklogLimit, after.BacklogLimit);
            Assert.DoesNotContain(KernelAuditSnapshot.Rules(), r => Recorder.Linux.Audit.Rules.AuditRuleEncoder.Decode(r).Keys.Contains("recorder"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [KernelAuditFact]
    public async Task A_hot_reload_runs_the_new_bundles_audit_library_and_the_old_context_is_collected()
    {
        using var _ = KernelAudit.Lock();
        using var snapshot = new KernelAuditSnapshot();
        snapshot.StopAuditd();
        var root = Directory.CreateTempSubdirectory("recorder-reload-").FullName;
        File.SetUnixFileMode(root, (UnixFileMode)0x1ED);
        try
        {
            var plugins = Directory.CreateDirectory(Path.Combine(root, "plugins")).FullName;
            var trust = Directory.CreateDirectory(Path.Combine(root, "trust", TrustStoreLayout.KeysFolderName)).Parent!.FullName;
            var subscriptions = Directory.CreateDirectory(Path.Combine(root, "subscriptions")).FullName;
            var journal = Path.Combine(root, "journal");
            using var key = SigningKey.Generate();
            key.WritePublicKeyFile(Path.Combine(trust, TrustStoreLayout.KeysFolderName, key.KeyId + ".pem"));
            const string collectorId = "recorder.collectors.linuxaudit";
            var v1 = PluginDeployment.Deploy(plugins, key, "Recorder.Plugins.Collectors.LinuxAudit", collectorId, PluginKind.Collector, 1, "1.0.0", "linuxaudit-1");
            PluginDeployment.Deploy(plugins, key, "Recorder.Plugins.Sinks.Journal", "recorder.sinks.journal", PluginKind.Sink);
            File.WriteAllText(Path.Combine(subscriptions, "e2e.yaml"), $$"""
                module: e2e
                subscriptions:
                  - name: exec-history
                    events: [process.start]
                    sink:
                      name: journal
                      options: { path: {{journal}}, compress: false }
                """);
            var log = new StringWriter();
            var host = new RecorderHost(Configuration(root, plugins, trust, subscriptions), new HostLog(TextWriter.Synchronized(log)), new RecorderHostOptions
            {
                OpenControlSocket = false,
                WatchFolders = false,
                PluginCallTimeout = TimeSpan.FromSeconds(20),
            });
            await using (host)
            {
                await host.StartAsync();
                await WaitForExecInJournal(journal, log);
                var first = host.Plugins.Single(p => p.Id == collectorId);
                var firstLibrary = StatusValue(host, "collector.linux-audit", "audit_library");
                Assert.EndsWith(" from " + Path.Combine(first.StagedDirectory, "Recorder.Linux.Audit.dll"), firstLibrary);

                // Operators deploy the new version beside the old one, then remove the old folder.
                PluginDeployment.Deploy(plugins, key, "Recorder.Plugins.Collectors.LinuxAudit", collectorId, PluginKind.Collector, 2, "1.0.1", "linuxaudit-2");
                Directory.Delete(v1, recursive: true);
                await host.RescanPluginsAsync();

                var second = host.Plugins.Single(p => p.Id == collectorId);
                Assert.Equal("1.0.1", second.Version);
                Assert.NotEqual(first.StagedDirectory, second.StagedDirectory);
                // The running collector reports the audit library it executes: the new bundle's copy...
                Assert.Equal(firstLibrary.Replace(first.StagedDirectory, second.StagedDirectory, StringComparison.Ordinal),
                    StatusValue(host, "collector.linux-audit", "audit_library"));
                Assert.Equal(Path.Combine(second.StagedDirectory, "Recorder.Linux.Audit.dll"),
                    second.Assembly.Assemblies().Single(a => a.Name == "Recorder.Linux.Audit").Location);
                // ...not the copy this test process (the "host") has loaded in its own context.
                var hostCopy = typeof(Recorder.Linux.Audit.Netlink.AuditControlSocket).Assembly;
                Assert.Equal(System.Runtime.Loader.AssemblyLoadContext.Default, System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(hostCopy));
                Assert.DoesNotContain(second.StagedDirectory, hostCopy.Location);

                await WaitForExecInJournal(journal, log);
                var deadline = DateTime.UtcNow.AddSeconds(20);
                while (StatusValue(host, "plugin." + collectorId, "unload.1.0.0.1") == "" && DateTime.UtcNow < deadline) await Task.Delay(100);
                Assert.True("collected" == StatusValue(host, "plugin." + collectorId, "unload.1.0.0.1"), "old context not collected; host log:\n" + log);
                await host.StopAsync();
            }
            Assert.Equal(0u, KernelAuditSnapshot.Now().Pid);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static HostConfiguration Configuration(string root, string plugins, string trust, string subscriptions) => new()
    {
        DataDirectory = Path.Combine(root, "data"),
        PluginDirectories = [plugins],
        TrustStoreDirectory = trust,
        SubscriptionDirectories = [subscriptions],
        Pipeline = new PipelineSettings { BatchDelay = TimeSpan.FromMilliseconds(10), DrainTimeout = TimeSpan.FromSeconds(20) },
        Source = "e2e test",
    };

    private static string StatusValue(RecorderHost host, string domain, string name) =>
        host.StatusRows().FirstOrDefault(r => r.Domain == domain && r.Name == name)?.Value ?? "";

    // Runs /bin/echo with a fresh marker and waits until its process.start is in the journal.
    private static async Task WaitForExecInJournal(string journal, StringWriter log)
    {
        var marker = "reload-" + Guid.NewGuid().ToString("N");
        var file = Path.Combine(journal, "events.jsonl");
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            ChildProcess.Run("/bin/echo", marker);
            await Task.Delay(200);
            if (!File.Exists(file)) continue;
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            if (new StreamReader(stream).ReadToEnd().Contains(marker, StringComparison.Ordinal)) return;
        }
        Assert.Fail($"no journal line with {marker}; host log:\n{log}");
    }
}

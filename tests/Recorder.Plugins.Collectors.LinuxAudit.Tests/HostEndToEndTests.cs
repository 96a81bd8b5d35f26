using Recorder.Host;
using Recorder.Host.Configuration;
using Recorder.Host.Diagnostics;
using Recorder.Host.Runtime;
using Recorder.Host.Watching;
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
        using var layout = new EndToEndLayout("recorder-e2e-");
        layout.Deploy("Recorder.Plugins.Collectors.LinuxAudit", "recorder.collectors.linuxaudit", PluginKind.Collector);
        layout.Deploy("Recorder.Plugins.Sinks.Journal", "recorder.sinks.journal", PluginKind.Sink);
        await using (var host = layout.NewHost())
        {
            await host.StartAsync();
            var line = await WaitForExecInJournal(layout, "through the host");
            Assert.Contains("process.start", line);
            Assert.Contains("/usr/bin/echo", line);
            Assert.Contains(host.StatusRows(), r => r.Name == "source" && r.Value == "netlink-unicast");
            Assert.Equal((uint)Environment.ProcessId, KernelAuditSnapshot.Now().Pid);
            await host.StopAsync();
        }

        AssertKernelRestored(snapshot);
    }

    [KernelAuditFact]
    public async Task A_hot_reload_runs_the_new_bundles_audit_library_and_the_old_context_is_collected()
    {
        using var _ = KernelAudit.Lock();
        using var snapshot = new KernelAuditSnapshot();
        snapshot.StopAuditd();
        using var layout = new EndToEndLayout("recorder-reload-");
        const string collectorId = "recorder.collectors.linuxaudit";
        var v1 = layout.Deploy("Recorder.Plugins.Collectors.LinuxAudit", collectorId, PluginKind.Collector, 1, "1.0.0", "linuxaudit-1");
        layout.Deploy("Recorder.Plugins.Sinks.Journal", "recorder.sinks.journal", PluginKind.Sink);
        await using (var host = layout.NewHost())
        {
            await host.StartAsync();
            await WaitForExecInJournal(layout, "before the reload");
            var first = host.Plugins.Single(p => p.Id == collectorId);
            var firstLibrary = StatusValue(host, "collector.linux-audit", "audit_library");
            Assert.EndsWith(" from " + Path.Combine(first.StagedDirectory, "Recorder.Linux.Audit.dll"), firstLibrary);

            await UpgradeCollectorAsync(layout, host, v1);

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

            await WaitForExecInJournal(layout, "after the reload");
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (StatusValue(host, "plugin." + collectorId, "unload.1.0.0.1") == "" && DateTime.UtcNow < deadline) await Task.Delay(100);
            Assert.True("collected" == StatusValue(host, "plugin." + collectorId, "unload.1.0.0.1"), "old context not collected; host log:\n" + layout.Log);
            await host.StopAsync();
        }
        Assert.Equal(0u, KernelAuditSnapshot.Now().Pid);
    }

    [KernelAuditFact]
    public async Task Recorder_watch_sees_a_real_su_session_open_and_close_that_no_subscription_stores()
    {
        using var _ = KernelAudit.Lock();
        using var snapshot = new KernelAuditSnapshot();
        snapshot.StopAuditd();
        using var layout = new EndToEndLayout("recorder-watch-");
        layout.Deploy("Recorder.Plugins.Collectors.LinuxAudit", "recorder.collectors.linuxaudit", PluginKind.Collector);
        layout.Deploy("Recorder.Plugins.Sinks.Journal", "recorder.sinks.journal", PluginKind.Sink);
        await using var host = layout.NewHost(openControlSocket: true);
        await host.StartAsync();
        await WaitForExecInJournal(layout, "before watching"); // the only subscription journals process.start

        // What `recorder watch --type 'session.*'` sends: su's USER_START and USER_END become session.login/logout.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var watch = await WatchClient.ConnectAsync(host.Configuration.ControlSocketPath, new WatchRequest { Types = ["session.*"] }, timeout.Token);
        var loginUid = Random.Shared.Next(700_000, 800_000);
        var (pid, exitCode, output) = ChildProcess.Shell($"echo {loginUid} > /proc/self/loginuid && exec su -s /bin/sh nobody -c true");
        Assert.True(exitCode == 0, output);

        System.Text.Json.JsonElement? open = null, close = null;
        var seen = new List<string>();
        while ((open is null || close is null) && await watch.ReadEventAsync(timeout.Token) is { } line)
        {
            seen.Add(line);
            var e = System.Text.Json.JsonDocument.Parse(line).RootElement;
            Assert.StartsWith("session.", e.GetProperty("event.type").GetString());
            if (!e.TryGetProperty("process.pid", out var p) || p.GetInt64() != pid) continue;
            if (e.GetProperty("event.type").GetString() == "session.login" && e.TryGetProperty("session.user", out var user) && user.GetString() == "nobody") open = e;
            if (e.GetProperty("event.type").GetString() == "session.logout") close = e;
        }
        Assert.True(open is not null && close is not null, "watch lines:\n" + string.Join("\n", seen) + "\nhost log:\n" + layout.Log);
        Assert.Equal("su", open.Value.GetProperty("session.service").GetString());
        Assert.Equal(loginUid, open.Value.GetProperty("process.login_uid").GetInt64());
        Assert.Equal("nobody", close.Value.GetProperty("session.user").GetString());

        // No store keeps them: the journal has process starts only.
        await host.FlushSinksAsync();
        var journal = File.ReadAllText(Path.Combine(layout.Journal, "events.jsonl"));
        Assert.DoesNotContain("\"session.", journal);
        Assert.Equal("0", StatusValue(host, "watch", "cut_slow"));

        await host.StopAsync();
        while (await watch.ReadEventAsync(timeout.Token) is not null) { }
        Assert.Equal(WatchEndReasons.HostStopping, watch.End?.GetProperty("reason").GetString());
    }

    [KernelAuditFact]
    public async Task A_hot_reload_under_a_counted_exec_load_loses_no_exec()
    {
        using var _ = KernelAudit.Lock();
        using var snapshot = new KernelAuditSnapshot();
        snapshot.StopAuditd();
        using var layout = new EndToEndLayout("recorder-reload-load-");
        const string collectorId = "recorder.collectors.linuxaudit";
        var v1 = layout.Deploy("Recorder.Plugins.Collectors.LinuxAudit", collectorId, PluginKind.Collector, 1, "1.0.0", "linuxaudit-1");
        layout.Deploy("Recorder.Plugins.Sinks.Journal", "recorder.sinks.journal", PluginKind.Sink);
        await using (var host = layout.NewHost())
        {
            await host.StartAsync();
            await WaitForExecInJournal(layout, "before the reload");

            // A shell runs /bin/true with a numbered argument about every 4 ms (a couple of hundred a second, the
            // rate of a busy machine: bash's own read timeout on an empty pipe paces it without another exec) from
            // before the collector is replaced until a second after, however long the swap takes; then it says how
            // many it ran: every one of them must reach the journal. (Running it as fast as the machine forks for
            // as long as a Debug-build swap takes measured a flood beyond the kernel's buffers, not the handover.)
            var marker = "reload-load-" + Guid.NewGuid().ToString("N")[..8];
            var stopLoad = Path.Combine(Path.GetTempPath(), marker + ".stop");
            var start = new System.Diagnostics.ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add($"exec 3< <(sleep 3600); pipe=$!; i=0; while [ ! -e '{stopLoad}' ]; do /bin/true {marker}-$i; i=$((i+1)); read -t 0.004 -u 3; done; kill $pipe; echo $i");
            using var load = System.Diagnostics.Process.Start(start)!;
            int count;
            try
            {
                await Task.Delay(1000);
                await UpgradeCollectorAsync(layout, host, v1);
                Assert.Equal("1.0.1", host.Plugins.Single(p => p.Id == collectorId).Version);
                Assert.False(load.HasExited, "the load ended before the reload: it proves nothing");
                await Task.Delay(1000);
            }
            finally
            {
                File.WriteAllText(stopLoad, "");
            }
            count = int.Parse((await load.StandardOutput.ReadToEndAsync()).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            await load.WaitForExitAsync();
            File.Delete(stopLoad);
            Assert.True(count > 200, $"only {count} execs ran across the reload");
            await WaitForExecInJournal(layout, "after the load");

            var seen = JournalLines(layout).Select(line => System.Text.RegularExpressions.Regex.Match(line, marker + @"-(\d+)"))
                .Where(m => m.Success && m.Value.Length > 0).Select(m => int.Parse(m.Groups[1].Value)).ToHashSet();
            var missing = Enumerable.Range(0, count).Where(i => !seen.Contains(i)).ToArray();
            Assert.True(missing.Length == 0, $"{missing.Length} of {count} execs missing across the reload (first: {string.Join(", ", missing.Take(10))}); host log:\n{layout.Log}");
            Assert.Contains("took over the previous version's unicast socket", layout.Log.ToString());
            Assert.Equal((uint)Environment.ProcessId, KernelAuditSnapshot.Now().Pid);
            await host.StopAsync();
        }
        AssertKernelRestored(snapshot);
    }

    private static string[] JournalLines(EndToEndLayout layout)
    {
        using var stream = new FileStream(Path.Combine(layout.Journal, "events.jsonl"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd().Split('\n');
    }

    // Operators deploy the new version (1.0.1) beside the old one, then remove the old folder.
    private static async Task UpgradeCollectorAsync(EndToEndLayout layout, RecorderHost host, string oldFolder)
    {
        layout.Deploy("Recorder.Plugins.Collectors.LinuxAudit", "recorder.collectors.linuxaudit", PluginKind.Collector, 2, "1.0.1", "linuxaudit-2");
        Directory.Delete(oldFolder, recursive: true);
        await host.RescanPluginsAsync();
    }

    // A stopped host gave back the audit PID, its backlog setting and every rule it loaded.
    private static void AssertKernelRestored(KernelAuditSnapshot snapshot)
    {
        var after = KernelAuditSnapshot.Now();
        Assert.Equal(0u, after.Pid);
        Assert.Equal(snapshot.Before.BacklogLimit, after.BacklogLimit);
        Assert.DoesNotContain(KernelAuditSnapshot.Rules(), r => Recorder.Linux.Audit.Rules.AuditRuleEncoder.Decode(r).Keys.Contains("recorder"));
    }

    private static string StatusValue(RecorderHost host, string domain, string name) =>
        host.StatusRows().FirstOrDefault(r => r.Domain == domain && r.Name == name)?.Value ?? "";

    // Runs /bin/echo with a fresh marker until its process.start is in the journal; returns that journal line.
    private static async Task<string> WaitForExecInJournal(EndToEndLayout layout, string argument)
    {
        var marker = "e2e-" + Guid.NewGuid().ToString("N");
        var file = Path.Combine(layout.Journal, "events.jsonl");
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            ChildProcess.Run("/bin/echo", argument, marker);
            await Task.Delay(200);
            if (!File.Exists(file)) continue;
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var line = new StreamReader(stream).ReadToEnd().Split('\n').FirstOrDefault(l => l.Contains(marker, StringComparison.Ordinal));
            if (line is not null) return line;
        }
        Assert.Fail($"no journal line with {marker}; host log:\n{layout.Log}");
        return "";
    }

    /// <summary>
    /// A recorder laid out in a temporary folder as operators lay it out: plugin, trust and subscription folders, a
    /// fresh publisher key the trust store trusts, and one subscription that journals every process.start.
    /// </summary>
    private sealed class EndToEndLayout : IDisposable
    {
        private readonly string _root;
        private readonly string _trust;
        private readonly string _subscriptions;
        private readonly SigningKey _key = SigningKey.Generate();

        public EndToEndLayout(string prefix)
        {
            _root = Directory.CreateTempSubdirectory(prefix).FullName;
            File.SetUnixFileMode(_root, (UnixFileMode)0x1ED); // 0755: plugin folders must not be writable by others
            Plugins = Directory.CreateDirectory(Path.Combine(_root, "plugins")).FullName;
            _trust = Directory.CreateDirectory(Path.Combine(_root, "trust", TrustStoreLayout.KeysFolderName)).Parent!.FullName;
            _key.WritePublicKeyFile(Path.Combine(_trust, TrustStoreLayout.KeysFolderName, _key.KeyId + ".pem"));
            _subscriptions = Directory.CreateDirectory(Path.Combine(_root, "subscriptions")).FullName;
            Journal = Path.Combine(_root, "journal");
            File.WriteAllText(Path.Combine(_subscriptions, "e2e.yaml"), $$"""
                module: e2e
                subscriptions:
                  - name: exec-history
                    events: [process.start]
                    sink:
                      name: journal
                      options: { path: {{Journal}}, compress: false }
                """);
        }

        public string Plugins { get; }
        public string Journal { get; }
        public StringWriter Log { get; } = new();

        /// <summary>Signs a copy of a plugin's build output into the plugin folder, as operators deploy.</summary>
        public string Deploy(string project, string id, PluginKind kind, ulong sequence = 1, string version = "1.0.0", string? folderName = null) =>
            PluginDeployment.Deploy(Plugins, _key, project, id, kind, sequence, version, folderName);

        public RecorderHost NewHost(bool openControlSocket = false) => new(new HostConfiguration
        {
            DataDirectory = Path.Combine(_root, "data"),
            PluginDirectories = [Plugins],
            TrustStoreDirectory = _trust,
            SubscriptionDirectories = [_subscriptions],
            Pipeline = new PipelineSettings { BatchDelay = TimeSpan.FromMilliseconds(10), DrainTimeout = TimeSpan.FromSeconds(20) },
            Source = "e2e test",
            AllowedSinkPaths = [Journal], // the journal lives beside the data folder, where the test reads it
        }, new HostLog(TextWriter.Synchronized(Log)), new RecorderHostOptions
        {
            OpenControlSocket = openControlSocket,
            WatchFolders = false,
            PluginCallTimeout = TimeSpan.FromSeconds(20),
        });

        public void Dispose()
        {
            _key.Dispose();
            Directory.Delete(_root, recursive: true);
        }
    }
}

using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;
using Recorder.Linux.Audit.Netlink;
using Recorder.Linux.Audit.Rules;
using Recorder.Linux.Audit.Sources;
using Recorder.Plugins.Collectors.LinuxAudit.Tests.Support;
using Recorder.Tests.Shared;

namespace Recorder.Plugins.Collectors.LinuxAudit.Tests;

/// <summary>
/// Each source path, rules following subscriptions, raw_logging, user-defined rules, and the restore on stop,
/// against the real kernel and the real auditd. Each test starts its own collector.
/// </summary>
[Collection(KernelAudit.Collection)]
public sealed class CollectorLifecycleTests
{
    [KernelAuditFact]
    public void As_unicast_daemon_it_configures_the_kernel_follows_wanted_types_and_restores_everything_on_stop()
    {
        using var _ = KernelAudit.Lock();
        using var snapshot = new KernelAuditSnapshot();
        snapshot.StopAuditd();
        using var run = new CollectorRun(new LinuxAuditSettings(), [EventTypes.ProcessStart]);

        var during = KernelAuditSnapshot.Now();
        Assert.Equal((uint)Environment.ProcessId, during.Pid);
        Assert.Equal(1u, during.Enabled);
        Assert.Equal(8192u, during.BacklogLimit);
        Assert.Equal(0u, during.BacklogWaitTime);
        var listed = RecorderRules();
        Assert.Contains(listed, r => r.Contains("-S execve,execveat", StringComparison.Ordinal) || r.Contains("execve", StringComparison.Ordinal));
        Assert.DoesNotContain(listed, r => r.Contains("unlink", StringComparison.Ordinal));

        run.Collector.UpdateWantedTypesAsync(new HashSet<string> { EventTypes.FileDelete }, CancellationToken.None).GetAwaiter().GetResult();
        listed = RecorderRules();
        Assert.Contains(listed, r => r.Contains("unlink", StringComparison.Ordinal));
        Assert.DoesNotContain(listed, r => r.Contains("execve", StringComparison.Ordinal));
        Assert.StartsWith("-a never,exit", listed[0]); // the self-exclusion stays first

        // Idle, the receive thread blocks for seconds at a time; stopping wakes it through its socket at once.
        Thread.Sleep(500);
        var stopping = System.Diagnostics.Stopwatch.StartNew();
        run.Stop();
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(2.5), $"an idle unicast collector took {stopping.Elapsed.TotalSeconds:0.0} s to stop");
        var after = KernelAuditSnapshot.Now();
        Assert.Equal(0u, after.Pid);
        Assert.Equal(snapshot.Before.Enabled, after.Enabled);
        Assert.Equal(snapshot.Before.BacklogLimit, after.BacklogLimit);
        Assert.Equal(snapshot.Before.BacklogWaitTime, after.BacklogWaitTime);
        Assert.Empty(RecorderRules());
        Assert.Equal("stopped", run.Services.StatusOf("source"));
    }

    [KernelAuditFact]
    public void While_auditd_runs_it_reads_multicast_and_leaves_auditd_in_charge()
    {
        using var _ = KernelAudit.Lock();
        using var snapshot = new KernelAuditSnapshot();
        snapshot.StartAuditd();
        var auditdStatus = KernelAuditSnapshot.Now();
        using var run = new CollectorRun(new LinuxAuditSettings(), [EventTypes.ProcessStart]);

        Assert.Equal("netlink-multicast", run.Services.StatusOf("source"));
        Assert.Contains(run.Services.LogLines, l => l.Contains("netlink-unicast refused", StringComparison.Ordinal));
        Assert.Equal("true", run.Services.StatusOf("auditd_running"));
        Assert.Equal("3.0.9", run.Services.StatusOf("auditd_version"));
        var marker = "mc-" + Guid.NewGuid().ToString("N");
        var (pid, _, _) = ChildProcess.Run("/bin/echo", marker);
        run.Writer.WaitFor(EventTypes.ProcessStart, e => e.Process.Pid == pid && e.Process.CommandLine!.Contains(marker, StringComparison.Ordinal), "echo via multicast");

        Assert.Equal(auditdStatus.BacklogLimit, KernelAuditSnapshot.Now().BacklogLimit); // auditd's settings stay
        Thread.Sleep(500);
        var stopping = System.Diagnostics.Stopwatch.StartNew();
        run.Stop();
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(2.5), $"an idle multicast collector took {stopping.Elapsed.TotalSeconds:0.0} s to stop");
        Assert.True(snapshot.Auditd.IsRunning);
        Assert.Empty(RecorderRules());
    }

    [KernelAuditFact]
    public void Stop_auditd_stops_it_to_take_unicast_and_starts_it_again_on_stop()
    {
        using var _ = KernelAudit.Lock();
        using var snapshot = new KernelAuditSnapshot();
        snapshot.StartAuditd();
        using (var run = new CollectorRun(new LinuxAuditSettings { StopAuditd = 1 }, [EventTypes.ProcessStart]))
        {
            Assert.Equal("netlink-unicast", run.Services.StatusOf("source"));
            Assert.False(snapshot.Auditd.IsRunning);
        }
        Assert.True(snapshot.Auditd.IsRunning, "auditd is restarted when the recorder stops");
    }

    [KernelAuditFact]
    public void With_netlink_not_allowed_it_reads_through_the_auditd_plugin_and_removes_it_on_stop()
    {
        using var _ = KernelAudit.Lock();
        using var snapshot = new KernelAuditSnapshot();
        snapshot.StartAuditd();
        var folder = Path.Combine("/tmp", "recorder-audispd-" + Environment.ProcessId);
        var settings = new LinuxAuditSettings { NetlinkModes = [], AudispdDirectory = folder };
        try
        {
            using var run = new CollectorRun(settings, [EventTypes.ProcessStart]);
            Assert.Equal("audispd", run.Services.StatusOf("source"));
            Assert.True(AudispdPlugin.IsInstalled("/etc/audit/plugins.d"));
            Thread.Sleep(500); // auditd starts the forwarder on SIGHUP

            var marker = "ad-" + Guid.NewGuid().ToString("N");
            var (pid, _, _) = ChildProcess.Run("/bin/echo", "spaced arg", marker);
            var start = run.Writer.WaitFor(EventTypes.ProcessStart, e => e.Process.Pid == pid, "echo via auditd");
            Assert.Equal(["/bin/echo", "spaced arg", marker], Recorder.Linux.Audit.Normalization.CommandLine.Split(start.Process.CommandLine!));

            run.Stop();
            Assert.False(AudispdPlugin.IsInstalled("/etc/audit/plugins.d"));
            Assert.Empty(RecorderRules());
        }
        finally
        {
            AudispdPlugin.Remove("/etc/audit/plugins.d");
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [KernelAuditFact]
    public void Raw_logging_loads_no_rules_of_its_own_removes_stale_ones_and_records_what_existing_rules_produce()
    {
        using var _ = KernelAudit.Lock();
        using var snapshot = new KernelAuditSnapshot();
        snapshot.StopAuditd();
        using var control = AuditControlSocket.Open();
        var stale = AuditRuleEncoder.Encode(AuditRuleParser.Parse("-a always,exit -F arch=b64 -S execve -k recorder"));
        var administrators = AuditRuleEncoder.Encode(AuditRuleParser.Parse("-a always,exit -F arch=b64 -S execve -k admin-exec"));
        control.AddRule(stale);
        control.AddRule(administrators);
        try
        {
            using var run = new CollectorRun(new LinuxAuditSettings { RawLogging = true }, [EventTypes.ProcessStart]);
            Assert.Empty(RecorderRules());
            Assert.Empty(run.Collector.LoadedRecorderRules);

            var (pid, _, _) = ChildProcess.Run("/bin/true");
            var start = run.Writer.WaitFor(EventTypes.ProcessStart, e => e.Process.Pid == pid, "true under the administrator's rule");
            Assert.Equal("/usr/bin/true", start.Process.Executable);
        }
        finally
        {
            try { control.DeleteRule(administrators); } catch (AuditNetlinkException) { }
            try { control.DeleteRule(stale); } catch (AuditNetlinkException) { }
        }
    }

    [KernelAuditFact]
    public async Task Rules_register_waits_for_the_running_recorders_verdict_and_fails_on_a_kernel_refusal()
    {
        using var _ = KernelAudit.Lock();
        using var snapshot = new KernelAuditSnapshot();
        snapshot.StopAuditd();
        var data = Directory.CreateTempSubdirectory("recorder-rules-verdict-").FullName;
        try
        {
            var good = Path.Combine(data, "good.rules");
            var bad = Path.Combine(data, "bad.rules");
            File.WriteAllText(good, "-a always,exit -F arch=b64 -S sethostname -k verdict-ok\n");
            // Valid text the kernel refuses (ENOENT: the exe's folder does not exist).
            File.WriteAllText(bad, "-a always,exit -F arch=b64 -S sethostname -k verdict-ok\n-a always,exit -F arch=b64 -S openat -F exe=/nonexistent/recorder/x -k verdict-bad\n");

            // No recorder running: registered, loads at the next start.
            var (exit, output, _) = await Register(good, data);
            Assert.Equal(0, exit);
            Assert.Contains("no recorder is running", output);

            using (new CollectorRun(new LinuxAuditSettings(), [EventTypes.ProcessStart], data))
            {
                (exit, output, var errors) = await Register(good, data);
                Assert.True(exit == 0, output + errors);
                Assert.Contains("the running recorder loaded them: 1 user-defined rules loaded", output);
                Assert.Contains(ListedRules(), r => r.Contains("key=verdict-ok", StringComparison.Ordinal));

                (exit, output, errors) = await Register(bad, data);
                Assert.Equal(1, exit);
                Assert.Contains("the running recorder refused them: the kernel refused", errors);
                Assert.Contains("verdict-bad", errors);
                Assert.Contains("ENOENT", errors);
                Assert.DoesNotContain(ListedRules(), r => r.Contains("verdict-", StringComparison.Ordinal));
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<(int Exit, string Output, string Errors)> Register(string file, string data)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var invocation = new Recorder.Contracts.Commands.CommandInvocation(["rules", "register"], new Dictionary<string, IReadOnlyList<string>> { ["file"] = [file] })
        {
            Output = output,
            Error = errors,
            HostDataDirectory = data,
            ConfigurationSource = "test",
            Settings = new TestPluginServices(new LinuxAuditSettings(), data),
        };
        var exit = await new Recorder.Plugins.Collectors.LinuxAudit.Commands.RulesCommand().InvokeAsync(invocation, default);
        return (exit, output.ToString(), errors.ToString());
    }

    [KernelAuditFact]
    public void User_defined_rules_load_with_the_recorders_and_a_kernel_refusal_removes_them_all_with_a_health_check()
    {
        using var _ = KernelAudit.Lock();
        using var snapshot = new KernelAuditSnapshot();
        snapshot.StopAuditd();
        var data = Directory.CreateTempSubdirectory("recorder-user-rules-").FullName;
        try
        {
            var store = new UserRuleStore(data);
            Assert.True(store.Register("-a always,exit -F arch=b64 -S sethostname -k user-ok\n", "test").IsAccepted);
            using (var run = new CollectorRun(new LinuxAuditSettings(), [EventTypes.ProcessStart], data))
            {
                Assert.Equal("true", run.Services.StatusOf("has_user_defined_audit_rules", "recorder"));
                Assert.Contains(ListedRules(), r => r.Contains("key=user-ok", StringComparison.Ordinal));
                Assert.Equal("1", run.Services.StatusOf("user_defined_rules_loaded") ?? "1");
            }
            Assert.DoesNotContain(ListedRules(), r => r.Contains("key=user-ok", StringComparison.Ordinal));

            // The kernel refuses an exe= whose folder does not exist (ENOENT); the rule text itself is valid.
            Assert.True(store.Register("-a always,exit -F arch=b64 -S sethostname -k user-ok\n" +
                                       "-a always,exit -F arch=b64 -S openat -F exe=/nonexistent/recorder/x -k user-bad\n", "test").IsAccepted);
            using (var run = new CollectorRun(new LinuxAuditSettings(), [EventTypes.ProcessStart], data))
            {
                var (healthy, detail) = run.Services.Health[KernelRuleManager.UserRulesHealthCheck];
                Assert.False(healthy);
                Assert.Contains("user-bad", detail);
                Assert.Contains("ENOENT", detail);
                Assert.Equal("false", run.Services.StatusOf("has_user_defined_audit_rules", "recorder"));
                Assert.DoesNotContain(ListedRules(), r => r.Contains("user-", StringComparison.Ordinal));
                Assert.False(File.Exists(store.FilePath));
                Assert.NotEmpty(RecorderRules()); // the recorder's own rules are unaffected
                Thread.Sleep(500); // the store's file watcher sees the removal: the refusal must stay reported
                Assert.False(run.Services.Health[KernelRuleManager.UserRulesHealthCheck].Healthy);
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [KernelAuditFact]
    public void A_registered_read_rule_turns_a_real_read_into_a_file_read_event_with_the_reader()
    {
        using var _ = KernelAudit.Lock();
        using var snapshot = new KernelAuditSnapshot();
        snapshot.StopAuditd();
        var data = Directory.CreateTempSubdirectory("recorder-read-rules-").FullName;
        var secrets = Directory.CreateTempSubdirectory("recorder-secrets-").FullName;
        try
        {
            var secret = Path.Combine(secrets, "key.txt");
            File.WriteAllText(secret, "s3cret");
            var store = new UserRuleStore(data);
            var registered = store.Register($"-a always,exit -F arch=b64 -S open,openat -F dir={secrets} -F perm=r -k secret-read\n", "test");
            Assert.True(registered.IsAccepted, string.Join("; ", registered.Refusals));
            using var run = new CollectorRun(new LinuxAuditSettings(), [EventTypes.FileRead], data);

            var (pid, exit, _) = ChildProcess.Run("/bin/cat", secret);
            Assert.Equal(0, exit);
            var read = run.Writer.WaitFor(EventTypes.FileRead, e => e.Process.Pid == pid, "cat reading the secret");
            Assert.Equal(secret, read["file.path"]);
            Assert.Equal("secret-read", read["file.rule_key"]);
            Assert.Equal("/usr/bin/cat", read.Process.Executable);
            Assert.Equal(0L, read.Process.Uid);
            Assert.Equal(EventOutcome.Success, read.Outcome);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
            Directory.Delete(secrets, recursive: true);
        }
    }

    [Fact]
    public void Bad_settings_name_the_option()
    {
        Assert.Equal("allow_audispd", Assert.Throws<PluginOptionsException>(() => new LinuxAuditSettings { AllowAudispd = 2 }.ToSourceOptions()).Option);
        Assert.Equal("netlink_modes", Assert.Throws<PluginOptionsException>(() => new LinuxAuditSettings { NetlinkModes = ["broadcast"] }.ToSourceOptions()).Option);
        Assert.Equal("audispd_directory", Assert.Throws<PluginOptionsException>(() => new LinuxAuditSettings { AudispdDirectory = "relative/dir" }.ToSourceOptions()).Option);
        Assert.Equal("gather_ms", Assert.Throws<PluginOptionsException>(() => new LinuxAuditSettings { GatherMs = 5000 }.ToSourceOptions()).Option);
        Assert.Equal(TimeSpan.FromMilliseconds(100), new LinuxAuditSettings { GatherMs = 100 }.ToSourceOptions().GatherDelay);
        var netlinkOnly = new LinuxAuditSettings { StopAuditd = 1 }.ToSourceOptions();
        Assert.True(netlinkOnly.NetlinkOnly);
        Assert.True(new LinuxAuditSettings { AllowAudispd = 0 }.ToSourceOptions().NetlinkOnly);
        Assert.False(new LinuxAuditSettings().ToSourceOptions().NetlinkOnly);
    }

    [Fact]
    public void The_rule_set_is_the_smallest_for_the_wanted_types()
    {
        Assert.Empty(RecorderRuleSet.RuleLines(new HashSet<string> { EventTypes.AuthSuccess, EventTypes.SessionLogin }, 42));

        var process = RecorderRuleSet.RuleLines(new HashSet<string> { EventTypes.ProcessStart, EventTypes.ProcessExit }, 42);
        Assert.Equal(
        [
            "-A exit,never -F pid=42 -S all -k recorder",
            "-a always,exit -F arch=b64 -S execve,execveat,exit_group -k recorder",
            "-a always,exit -F arch=b32 -S execve,execveat,exit_group -k recorder", // 32-bit programs too
        ], process);
        Assert.Contains(RecorderRuleSet.RuleLines(new HashSet<string> { EventTypes.NetworkConnect }, 42),
            l => l.StartsWith("-a always,exit -F arch=b32", StringComparison.Ordinal) && l.Contains("socketcall", StringComparison.Ordinal));

        var write = RecorderRuleSet.RuleLines(new HashSet<string> { EventTypes.FileWrite }, 42);
        Assert.Contains("-a always,exit -F arch=b64 -S openat -F a2&3 -k recorder", write);
        Assert.Contains("-a always,exit -F arch=b64 -S open -F a1&0x40 -k recorder", write);
        Assert.DoesNotContain(write, l => l.Contains("-S openat -k", StringComparison.Ordinal)); // no unfiltered openat
        foreach (var line in write) AuditRuleParser.Parse(line); // every line compiles
    }

    private static IReadOnlyList<string> ListedRules() =>
        KernelAuditSnapshot.Rules().Select(r => AuditRuleEncoder.Decode(r).ToString()).ToArray();

    private static IReadOnlyList<string> RecorderRules() =>
        ListedRules().Where(r => r.Contains("key=recorder", StringComparison.Ordinal) || r.Contains("-k recorder", StringComparison.Ordinal)).ToArray();

    /// <summary>A collector started for one test; stops on dispose.</summary>
    private sealed class CollectorRun : IDisposable
    {
        private readonly string? _ownedData;
        private bool _stopped;

        public CollectorRun(LinuxAuditSettings settings, IReadOnlyCollection<string> wanted, string? dataDirectory = null)
        {
            if (dataDirectory is null) dataDirectory = _ownedData = Directory.CreateTempSubdirectory("recorder-collector-").FullName;
            Services = new TestPluginServices(settings, dataDirectory);
            Collector.StartAsync(new CollectorContext(Writer, wanted.ToHashSet(StringComparer.Ordinal), Services, null), CancellationToken.None).GetAwaiter().GetResult();
        }

        public LinuxAuditCollector Collector { get; } = new();
        public CollectingEventWriter Writer { get; } = new();
        public TestPluginServices Services { get; }

        public void Stop()
        {
            if (_stopped) return;
            _stopped = true;
            Collector.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        public void Dispose()
        {
            Stop();
            if (_ownedData is not null) Directory.Delete(_ownedData, recursive: true);
        }
    }
}

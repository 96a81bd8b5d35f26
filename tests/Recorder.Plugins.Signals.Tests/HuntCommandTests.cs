using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;
using Recorder.Plugins.Signals.Commands;
using Recorder.Plugins.Signals.Tests.Support;
using Recorder.Plugins.Sinks.Sqlite;

namespace Recorder.Plugins.Signals.Tests;

/// <summary>`recorder hunt` over a real SQLite store written by the real sink: every stored match, across pages.</summary>
public sealed class HuntCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("recorder-hunt-").FullName;

    [Fact]
    public async Task Hunt_finds_every_match_once_across_pages_even_when_many_events_share_an_instant()
    {
        var services = new FakePluginServices(_root);
        var sink = new SqliteSinkProvider().CreateSink(new SinkContext(new FakeOptions(new Dictionary<string, string?> { ["path"] = "recorder.db" }), services));
        var start = DateTime.UtcNow.AddMinutes(-30);
        var shell = Events.Process(100, "/usr/bin/bash", "bash", "alice", null, start);
        var batch = new List<RecorderEvent>();
        // 12,000 execs (more than two pages of the store's timeline), 3,000 of them at one instant; every third decodes base64.
        for (var i = 0; i < 12_000; i++)
        {
            var decoding = i % 3 == 0;
            var process = Events.Process(1000 + i, decoding ? "/usr/bin/base64" : "/usr/bin/ls", decoding ? "base64 -d /tmp/x" : "ls -l", "alice", shell, start);
            batch.Add(Events.Make(EventSchemas.ProcessStart, process, i < 3_000 ? start.AddSeconds(1) : start.AddSeconds(1).AddMilliseconds(i)));
        }
        // A failed exec is the caller's, not base64's: not a match.
        var failed = Events.Make(EventSchemas.ProcessStart, Events.Process(99_999, "/usr/bin/base64", "base64 -d", "alice", shell, start), start.AddSeconds(2));
        failed.Outcome = EventOutcome.Failure;
        batch.Add(failed);
        await sink.WriteBatchAsync(batch, CancellationToken.None);
        await sink.ShutdownAsync(CancellationToken.None);

        var rule = Path.Combine(_root, "base64.yml");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "rules", "sigmahq", "linux", "process_creation", "proc_creation_lnx_base64_decode.yml"), rule);
        var (code, rows, errors) = await PluginCommand.RunAsync(new HuntCommand(), _root,
            new() { ["rules"] = [rule], ["format"] = ["jsonl"], ["limit"] = ["100000"] });

        Assert.True(code == 0, errors);
        Assert.Equal(4_000, rows.Count);
        Assert.Equal(4_000, rows.Select(r => r.Number("event.id")).Distinct().Count());
        Assert.All(rows, r => Assert.Equal("e2072cab-8c9a-459b-b63c-40ae79e27031", r.Text("signal.rule_id")));
        Assert.All(rows, r => Assert.Equal("/usr/bin/base64", r.Text("process.path")));
        Assert.Contains("1 rules to run", errors);
    }

    [Fact]
    public async Task Hunt_runs_windows_service_rules_over_the_other_events_of_imported_logs()
    {
        // The regression cases whose events the EVTX import keeps as windows.event (Task Scheduler, WMI, Defender,
        // a Security event that is not a logon, Sysmon 16 and 17), imported and stored by the real sink, hunted back.
        string[] folders =
        [
            "rules/windows/builtin/taskscheduler/win_taskscheduler_susp_schtasks_delete_or_disable",
            "rules/windows/builtin/wmi/win_wmi_activity_nteventlogfile_cleareventlog",
            "rules/windows/builtin/security/win_security_susp_scheduled_task_delete_or_disable",
            "rules/windows/sysmon/sysmon_config_modification",
            "rules-emerging-threats/2026/Exploits/RedSun/win_defender_exploit_redsun_tiering_engine_detected_as_eicar",
            "rules-emerging-threats/2026/Exploits/RedSun/pipe_created_win_exploit_redsun_named_pipe",
        ];
        var cases = RegressionCase.All().Where(c => folders.Contains(c.Folder.Replace('\\', '/'))).ToList();
        Assert.Equal(folders.Length, cases.Count);
        var services = new FakePluginServices(_root);
        var sink = new SqliteSinkProvider().CreateSink(new SinkContext(new FakeOptions(new Dictionary<string, string?> { ["path"] = "recorder.db" }), services));
        var events = cases.SelectMany(c => c.Import()).ToList();
        Assert.All(events, e => Assert.Equal("windows.event", e.Type));
        await sink.WriteBatchAsync(events, CancellationToken.None);
        await sink.ShutdownAsync(CancellationToken.None);

        var rules = Directory.CreateDirectory(Path.Combine(_root, "rules")).FullName;
        var sigma = Path.Combine(RepoPaths.SharedData, "sigma");
        foreach (var folder in folders) File.Copy(Path.Combine(sigma, folder + ".yml"), Path.Combine(rules, Path.GetFileName(folder) + ".yml"));
        var (code, rows, errors) = await PluginCommand.RunAsync(new HuntCommand(), _root,
            new() { ["rules"] = [rules], ["format"] = ["jsonl"] });

        Assert.True(code == 0, errors);
        Assert.Equal(cases.Select(c => c.RuleId).Order(), rows.Select(r => r.Text("signal.rule_id")!).Distinct().Order());
    }

    [Fact]
    public async Task A_missing_rule_folder_is_bad_input()
    {
        var (code, _, errors) = await PluginCommand.RunAsync(new HuntCommand(), _root, new() { ["rules"] = [Path.Combine(_root, "nope")] });
        Assert.Equal(2, code);
        Assert.Contains("no such rule folder or file", errors);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}

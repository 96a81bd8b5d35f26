using Recorder.Plugins.Signals.Commands;
using Recorder.Plugins.Signals.Tests.Support;

namespace Recorder.Plugins.Signals.Tests;

/// <summary>
/// Real commands on the real kernel, recorded by the signed Linux audit collector in a real host: the shipped SigmaHQ
/// rules raise signals with the right rule ids and the matched process, a broken rule is reported file:line:column
/// while the others fire, a new rule file is picked up while running, and `recorder hunt` finds the same over the store.
/// </summary>
[Collection(KernelAudit.Collection)]
public sealed class LiveSignalsTests
{
    private const string Base64Decode = "e2072cab-8c9a-459b-b63c-40ae79e27031";
    private const string LocalAccounts = "b45e3d6f-42c6-47d8-a478-df6bd6cf534c";
    private const string LocalGroups = "676381a6-15ca-4d73-a9c8-6a22e970b90d";
    private const string HistoryDelete = "1182f3b3-e716-4efa-99ab-d2685d04360f";
    private const string OwnRule = "5d2c58e4-0000-4000-8000-00000000a001";
    private const string ReloadedRule = "5d2c58e4-0000-4000-8000-00000000a002";

    [KernelAuditFact]
    public async Task Harmless_commands_that_sigmahq_rules_describe_raise_signals_with_the_rule_and_the_process()
    {
        using var _ = KernelAudit.Lock();
        using var snapshot = new KernelAuditSnapshot();
        snapshot.StopAuditd();
        await using var recorder = await SignalsHost.StartAsync(rules =>
        {
            File.WriteAllText(Path.Combine(rules, "own.yml"), TestRules.ImageEndsWith(OwnRule, "Own rule: true ran", "/true", "low"));
            File.WriteAllText(Path.Combine(rules, "bad.yml"), TestRules.BadModifierOnLine10);
        });
        var work = Directory.CreateTempSubdirectory("recorder-signals-work-").FullName;
        try
        {
            // The broken rule is reported where operators look, and the others run.
            Assert.Matches(@"/bad\.yml:10:\d+: ", recorder.Status("signals", "rule_problem.1"));
            Assert.True(recorder.Status("signals", "rules.loaded") == "6",
                string.Join("\n", recorder.Host.StatusRows().Where(r => r.Domain == "signals").Select(r => $"{r.Name} {r.Value}")));

            var encoded = Path.Combine(work, "payload.b64");
            File.WriteAllText(encoded, Convert.ToBase64String("hello"u8.ToArray()));
            var history = Path.Combine(work, "old_bash_history");
            File.WriteAllText(history, "ls\n");
            var runs = new (string Rule, string Image, (int Pid, int ExitCode, string Output) Run)[]
            {
                (Base64Decode, "/usr/bin/base64", ChildProcess.Run("/usr/bin/base64", "-d", encoded)),
                (LocalAccounts, "/usr/bin/cat", ChildProcess.Run("/usr/bin/cat", "/etc/passwd")),
                (LocalGroups, "/usr/bin/cat", ChildProcess.Run("/usr/bin/cat", "/etc/group")),
                (HistoryDelete, "/usr/bin/rm", ChildProcess.Run("/usr/bin/rm", history)),
                (OwnRule, "/usr/bin/true", ChildProcess.Run("/usr/bin/true")),
            };
            foreach (var (rule, image, run) in runs)
            {
                var signal = await recorder.WaitForSignalAsync(s => s.Text("signal.rule_id") == rule && s.Number("process.pid") == run.Pid,
                    $"{rule} for {image} (pid {run.Pid})");
                Assert.Equal(image, signal.Text("process.path"));
                Assert.Equal("process.start", signal.Text("signal.event_type"));
                Assert.Equal("linux/process_creation", signal.Text("signal.logsource"));
                Assert.NotNull(signal.Text("process.guid"));
                Assert.NotNull(signal.Number("signal.event_id"));
                Assert.Contains(image, signal.Text("process.cmd"));
            }
            Assert.Equal("Decode Base64 Encoded Text", (await recorder.WaitForSignalAsync(s => s.Text("signal.rule_id") == Base64Decode, "base64")).Text("signal.rule_title"));

            // A rule file added while recording runs without a restart.
            var reloads = recorder.Status("signals", "rules.reloads");
            File.WriteAllText(Path.Combine(recorder.RuleFolder, "reloaded.yml"), TestRules.ImageEndsWith(ReloadedRule, "Reloaded rule: false ran", "/false"));
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (recorder.Status("signals", "rules.loaded") != "7" && DateTime.UtcNow < deadline) await Task.Delay(100);
            Assert.NotEqual(reloads, recorder.Status("signals", "rules.reloads"));
            var falseRun = ChildProcess.Run("/usr/bin/false");
            await recorder.WaitForSignalAsync(s => s.Text("signal.rule_id") == ReloadedRule && s.Number("process.pid") == falseRun.Pid, "of the reloaded rule");

            // --level keeps only the rules of at least that level (own rule: low; reloaded rule: medium).
            var (code, medium, _) = await PluginCommand.RunAsync(new SignalsCommand(), recorder.DataDirectory,
                new() { ["since"] = ["-1h"], ["format"] = ["jsonl"], ["level"] = ["medium"] });
            Assert.Equal(0, code);
            Assert.Contains(medium, s => s.Text("signal.rule_id") == ReloadedRule);
            Assert.DoesNotContain(medium, s => s.Text("signal.rule_id") is OwnRule or Base64Decode or LocalAccounts);

            // The same shipped rules over the stored history find the same execs.
            var shipped = Path.Combine(AppContext.BaseDirectory, "rules");
            var (huntCode, hunted, huntErrors) = await PluginCommand.RunAsync(new HuntCommand(), recorder.DataDirectory,
                new() { ["rules"] = [shipped], ["since"] = ["-1h"], ["format"] = ["jsonl"] });
            Assert.True(huntCode == 0, huntErrors);
            foreach (var (rule, image, run) in runs.Where(r => r.Rule != OwnRule))
                Assert.Contains(hunted, h => h.Text("signal.rule_id") == rule && h.Number("process.pid") == run.Pid && h.Text("process.path") == image);
            Assert.DoesNotContain(hunted, h => h.Text("event.type") == "signal.sigma");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}

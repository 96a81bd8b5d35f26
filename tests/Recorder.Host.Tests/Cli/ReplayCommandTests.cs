using Recorder.Tests.Shared;

namespace Recorder.Host.Tests.Cli;

/// <summary>
/// `recorder replay` is the forensic use of the pipeline: a real audit log recorded on this kind of machine goes
/// through the built recorder, the signed built-in plugins (parser, enrichers, SQLite sink) and the
/// subscriptions, and the investigator's queries find the events.
/// </summary>
public sealed class ReplayCommandTests
{
    [Fact]
    public void Replaying_a_recorded_audit_log_fills_the_store_that_queries_read()
    {
        var root = Directory.CreateTempSubdirectory("recorder-replay-").FullName;
        try
        {
            var config = WriteConfiguration(root);
            var log = Path.Combine(RepoPaths.Root, "tests", "Recorder.Linux.Audit.Tests", "Normalization", "Data", "live-actions.log");

            var (exit, output, errors) = RecorderCli.Run("replay", log, "--config", config);
            Assert.True(exit == 0, errors + output);
            Assert.Contains("0 malformed", output);

            var db = Path.Combine(root, "data", "replay.db");
            var (qexit, renames, qerrors) = RecorderCli.Run("query", "select file_path, file_old_path from file_rename", "--db", db, "--format", "csv");
            Assert.True(qexit == 0, qerrors);
            Assert.Contains("/tmp/", renames);
            var (_, execs, _) = RecorderCli.Run("query", "select count(*) as n from process_start", "--db", db, "--format", "csv");
            var count = int.Parse(execs.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1]);
            Assert.True(count >= 5, execs);
            var (_, connects, _) = RecorderCli.Run("net", "--db", db);
            Assert.Contains("127.0.0.1", connects);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Replaying_a_log_of_three_years_ago_keeps_its_events_and_reports_what_was_stored()
    {
        var root = Directory.CreateTempSubdirectory("recorder-replay-old-").FullName;
        try
        {
            var config = WriteConfiguration(root, "max_age_days: 90");
            // The recorded log with every timestamp moved three years back.
            const long threeYears = 3 * 365 * 86_400L;
            var recorded = File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "Recorder.Linux.Audit.Tests", "Normalization", "Data", "live-actions.log"));
            var old = System.Text.RegularExpressions.Regex.Replace(recorded, @"audit\((\d+)\.",
                m => $"audit({long.Parse(m.Groups[1].Value) - threeYears}.");
            var log = Path.Combine(root, "old.log");
            File.WriteAllText(log, old);

            var (exit, output, errors) = RecorderCli.Run("replay", log, "--config", config);
            Assert.True(exit == 0, errors + output);
            var stored = System.Text.RegularExpressions.Regex.Match(output, @"stored by sink\.sqlite\S*: (\d+) events, 0 lost");
            Assert.True(stored.Success, output);
            Assert.True(long.Parse(stored.Groups[1].Value) >= 5, output);

            var db = Path.Combine(root, "data", "replay.db");
            var (qexit, execs, qerrors) = RecorderCli.Run("query", "select count(*) as n, min(event_time) as t from process_start", "--db", db, "--format", "csv");
            Assert.True(qexit == 0, qerrors);
            var row = execs.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1].Split(',');
            Assert.True(int.Parse(row[0]) >= 5, execs);
            Assert.True(DateTime.Parse(row[1], System.Globalization.CultureInfo.InvariantCulture).Year <= DateTime.UtcNow.Year - 2, execs);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void A_replayed_log_is_enriched_from_itself_not_from_this_machine_and_twice_gives_the_same_guids()
    {
        var root = Directory.CreateTempSubdirectory("recorder-replay-").FullName;
        try
        {
            // A real log of dpkg -l recorded on another machine months ago (laurel's test data).
            var log = Path.Combine(RepoPaths.SharedData, "linux-audit", "laurel", "testdata", "proc-trace-dpkg-l.txt");
            var first = ReplayInto(root, "first", log);
            var second = ReplayInto(root, "second", log);

            Assert.True(first.Count >= 5, $"{first.Count} execs");
            // Replayed twice (any boot of any machine): the same processes get the same GUIDs.
            Assert.Equal(first.Select(r => r.Guid).Order(), second.Select(r => r.Guid).Order());
            var bootId = File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim();
            Assert.All(first, r => Assert.False(r.Guid.StartsWith(bootId[..8], StringComparison.OrdinalIgnoreCase), "GUID from this boot's id"));
            foreach (var row in first)
            {
                // Start time: when the log says the exec happened (to the clock tick), not this machine's boot time.
                Assert.InRange((row.EventTime - row.StartTime).TotalMilliseconds, 0, 10);
                // The file on disk now is not what ran then.
                Assert.Null(row.Hash);
                Assert.Equal("replay", row.HashError);
            }
            // Parents from the log: an exec whose parent exec'd earlier in the log names that process.
            var byPid = first.GroupBy(r => r.Pid).ToDictionary(g => g.Key, g => g.First());
            var withKnownParent = first.Where(r => byPid.TryGetValue(r.ParentPid, out var parent) && parent.EventTime <= r.EventTime).ToList();
            Assert.NotEmpty(withKnownParent);
            Assert.All(withKnownParent, r => Assert.Equal(byPid[r.ParentPid].Guid, r.ParentGuid));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [KernelAuditFact]
    public void A_log_imported_on_another_boot_gives_its_processes_the_same_guids()
    {
        var root = Directory.CreateTempSubdirectory("recorder-replay-boot-").FullName;
        try
        {
            var log = Path.Combine(RepoPaths.SharedData, "linux-audit", "laurel", "testdata", "proc-trace-dpkg-l.txt");
            var here = ReplayInto(root, "this-boot", log);
            // The second import runs where the kernel's boot id is another one: a private mount namespace with a
            // different /proc/sys/kernel/random/boot_id bound over the real one, as after a reboot.
            var otherBoot = Path.Combine(root, "boot_id");
            File.WriteAllText(otherBoot, Guid.NewGuid().ToString("D") + "\n");
            var elsewhere = ReplayInto(root, "other-boot", log, start =>
            {
                var wrapped = new System.Diagnostics.ProcessStartInfo("unshare") { RedirectStandardOutput = true, RedirectStandardError = true };
                foreach (var a in new[] { "--mount", "--propagation", "private", "sh", "-c",
                             $"mount --bind {otherBoot} /proc/sys/kernel/random/boot_id && test \"$(cat /proc/sys/kernel/random/boot_id)\" = \"$(cat {otherBoot})\" && exec \"$@\"", "sh", start.FileName })
                    wrapped.ArgumentList.Add(a);
                foreach (var a in start.ArgumentList) wrapped.ArgumentList.Add(a);
                return wrapped;
            });
            Assert.True(here.Count >= 5, $"{here.Count} execs");
            Assert.Equal(here.Select(r => r.Guid).Order(), elsewhere.Select(r => r.Guid).Order());
            Assert.Equal(here.Select(r => r.ParentGuid).Order(), elsewhere.Select(r => r.ParentGuid).Order());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private sealed record ReplayedExec(string Guid, long Pid, long ParentPid, string? ParentGuid, DateTime EventTime, DateTime StartTime, string? Hash, string? HashError);

    private static List<ReplayedExec> ReplayInto(string root, string name, string log, Func<System.Diagnostics.ProcessStartInfo, System.Diagnostics.ProcessStartInfo>? wrap = null)
    {
        var dir = Directory.CreateDirectory(Path.Combine(root, name)).FullName;
        var config = WriteConfiguration(dir);
        var (exit, output, errors) = wrap is null ? RecorderCli.Run("replay", log, "--config", config) : RecorderCli.Run(wrap(RecorderCli.StartInfo("replay", log, "--config", config)));
        Assert.True(exit == 0, errors + output);
        var (qexit, rows, qerrors) = RecorderCli.Run("query",
            "select process_guid as guid, process_pid as pid, process_parent_pid as parent_pid, process_parent_guid as parent_guid, event_time, process_start_time as start_time, process_hash as hash, process_hash_error as hash_error from process_start where event_outcome = 'success'",
            "--db", Path.Combine(dir, "data", "replay.db"), "--format", "jsonl");
        Assert.True(qexit == 0, qerrors);
        return rows.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            var r = System.Text.Json.JsonDocument.Parse(line).RootElement;
            string? S(string n) => r.TryGetProperty(n, out var v) && v.ValueKind == System.Text.Json.JsonValueKind.String ? v.GetString() : null;
            DateTime T(string n) => DateTime.Parse(S(n)!, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal);
            return new ReplayedExec(S("guid")!, r.GetProperty("pid").GetInt64(), r.GetProperty("parent_pid").GetInt64(), S("parent_guid"),
                T("event_time"), T("start_time"), S("hash"), S("hash_error"));
        }).ToList();
    }

    /// <summary>A configuration in <paramref name="dir"/> over the built bundles, storing every event in data/replay.db.</summary>
    private static string WriteConfiguration(string dir, string? sinkOptions = null) => ImportConfiguration.Write(dir, "replay-test", "replay.db", sinkOptions);
}

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
            var subscriptions = Directory.CreateDirectory(Path.Combine(root, "subscriptions")).FullName;
            File.WriteAllText(Path.Combine(subscriptions, "all.yaml"), """
                module: replay-test
                subscriptions:
                  - name: everything
                    events: ["*"]
                    sink: { name: sqlite, options: { path: replay.db } }
                """);
            var config = Path.Combine(root, "recorder.yaml");
            File.WriteAllText(config, $"""
                data_dir: {Path.Combine(root, "data")}
                plugin_dirs: [{Path.Combine(RepoPaths.Root, "artifacts", "plugins")}]
                trust_store: {Path.Combine(RepoPaths.Root, "artifacts", "trust")}
                subscription_dirs: [{subscriptions}]
                """);
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
            var subscriptions = Directory.CreateDirectory(Path.Combine(root, "subscriptions")).FullName;
            File.WriteAllText(Path.Combine(subscriptions, "all.yaml"), """
                module: replay-test
                subscriptions:
                  - name: everything
                    events: ["*"]
                    sink: { name: sqlite, options: { path: replay.db, max_age_days: 90 } }
                """);
            var config = Path.Combine(root, "recorder.yaml");
            File.WriteAllText(config, $"""
                data_dir: {Path.Combine(root, "data")}
                plugin_dirs: [{Path.Combine(RepoPaths.Root, "artifacts", "plugins")}]
                trust_store: {Path.Combine(RepoPaths.Root, "artifacts", "trust")}
                subscription_dirs: [{subscriptions}]
                """);
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
}

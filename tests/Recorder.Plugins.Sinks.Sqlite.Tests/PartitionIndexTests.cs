using Recorder.Plugins.Sinks.Sqlite.Queries;

namespace Recorder.Plugins.Sinks.Sqlite.Tests;

/// <summary>
/// Secondary indexes are built when the writer leaves a partition, and events of a process are found through the
/// key range of its process rows: the answers must be the same whether a partition is indexed yet or not.
/// </summary>
public sealed class PartitionIndexTests
{
    private static readonly DateTime T0 = new(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc);

    /// <summary>Two long-lived processes interleaved over many batches, with some events arriving out of time order.</summary>
    private static (List<RecorderEvent> Events, Events.Proc Reader, Events.Proc Other) Scenario(int count)
    {
        var random = new Random(7);
        var reader = Events.Process(4100, "/usr/bin/rsync", "rsync -a /srv/data backup:", "root", null, T0.AddHours(-2));
        var other = Events.Process(4200, "/usr/bin/python3", "python3 worker.py", "alice", null, T0.AddHours(-2));
        var list = new List<RecorderEvent>(count);
        for (var i = 0; i < count; i++)
        {
            var process = random.Next(3) == 0 ? reader : other;
            // Every fifth event is 30 ms late: keys of a process are not written in increasing order.
            var time = T0.AddMilliseconds(i * 10 - (i % 5 == 0 ? 30 : 0));
            list.Add(i % 2 == 0
                ? Events.Connect(process, time, $"10.9.0.{i % 7}", 873)
                : Events.File(EventSchemas.FileRead, process, time, $"/srv/data/f{i % 50}"));
        }
        return (list, reader, other);
    }

    private static int CountOf(List<RecorderEvent> events, Func<RecorderEvent, bool> match) => events.Count(match);

    private static bool IsConnectOf(RecorderEvent e, Events.Proc p) => e.Schema == EventSchemas.NetworkConnect && e.Process.ProcessGuid == p.Guid;

    private static void AssertAnswers(string db, List<RecorderEvent> events, Events.Proc reader)
    {
        using var store = RecorderStore.Open(db);
        var queries = new StoreQueries(store);
        var byProcess = queries.Network(process: reader.Guid).ToList();
        Assert.Equal(CountOf(events, e => IsConnectOf(e, reader)), byProcess.Count);
        Assert.All(byProcess, row => Assert.Equal(reader.Guid.ToString(), row[^1]));
        Assert.Equal(CountOf(events, e => e.Schema == EventSchemas.FileRead && (string?)e["file.path"] == "/srv/data/f7"),
            queries.File("/srv/data/f7").ToList().Count);
        Assert.Equal(CountOf(events, e => e.Schema == EventSchemas.NetworkConnect && (string?)e["network.remote_address"] == "10.9.0.3"),
            queries.Network(remoteAddress: "10.9.0.3").ToList().Count);
    }

    private static long IndexCount(string db, string pattern) =>
        StoreTestHelpers.Scalar(db, $"SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name LIKE '{pattern}' ESCAPE '\\'");

    [Fact]
    public async Task A_partition_gets_its_indexes_when_the_writer_leaves_it_and_queries_answer_the_same_before_and_after()
    {
        using var dir = new TempDirectory();
        var db = dir.File("recorder.db");
        var (events, reader, _) = Scenario(20_000);
        // A 4 MiB budget caps partitions at 256 KiB: the scenario spans several.
        var sink = StoreTestHelpers.Sink(db, new FakePluginServices(dir.Path), maxSizeMb: 4);
        await sink.WriteAsync(events);

        long last;
        using (var store = RecorderStore.Open(db))
        {
            Assert.True(store.Partitions.Count >= 3, $"only {store.Partitions.Count} partitions");
            last = store.Partitions[^1].Number;
        }
        // Left partitions are indexed; the one being written is not yet; no event table has an index on proc.
        Assert.Equal(1, IndexCount(db, "p1\\_str\\_hash"));
        Assert.Equal(1, IndexCount(db, "p1\\_e\\_file\\_read\\_file\\_path"));
        Assert.Equal(0, IndexCount(db, $"p{last}\\_%"));
        Assert.Equal(0, IndexCount(db, "p%\\_e\\_%\\_proc"));
        AssertAnswers(db, events, reader);

        await sink.ShutdownAsync(default);
        Assert.Equal(1, IndexCount(db, $"p{last}\\_str\\_hash"));
        Assert.Equal(1, IndexCount(db, $"p{last}\\_e\\_network\\_connect\\_network\\_remote\\_address"));
        AssertAnswers(db, events, reader);
        Assert.Equal("ok", StoreTestHelpers.IntegrityCheck(db));
    }

    [Fact]
    public async Task Opening_a_store_completes_the_indexes_of_a_partition_left_without_them()
    {
        using var dir = new TempDirectory();
        var db = dir.File("recorder.db");
        var (events, reader, _) = Scenario(2_000);
        // The first writer stops without closing (as if killed): its partition has no indexes yet.
        var abandoned = StoreTestHelpers.Sink(db, new FakePluginServices(dir.Path));
        await abandoned.WriteAsync(events.Take(1_000));
        Assert.Equal(0, IndexCount(db, "p1\\_%"));

        var next = StoreTestHelpers.Sink(db, new FakePluginServices(dir.Path));
        await next.WriteAsync(events.Skip(1_000));
        Assert.Equal(1, IndexCount(db, "p1\\_str\\_hash"));
        Assert.Equal(1, IndexCount(db, "p1\\_proc\\_guid"));
        Assert.Equal(1, IndexCount(db, "p1\\_e\\_file\\_read\\_file\\_path"));
        AssertAnswers(db, events, reader);

        await next.ShutdownAsync(default);
        await abandoned.ShutdownAsync(default);
        Assert.Equal("ok", StoreTestHelpers.IntegrityCheck(db));
    }

    [Fact]
    public async Task A_left_partition_has_indexes_only_for_the_path_and_address_columns_that_hold_a_value()
    {
        using var dir = new TempDirectory();
        var db = dir.File("recorder.db");
        var (events, reader, _) = Scenario(20_000);
        var sink = StoreTestHelpers.Sink(db, new FakePluginServices(dir.Path), maxSizeMb: 4);
        await sink.WriteAsync(events);
        await sink.ShutdownAsync(default);

        // Reads name a path but never a link target; connects name a remote address but never a Unix socket.
        Assert.Equal(1, IndexCount(db, "p1\\_e\\_file\\_read\\_file\\_path"));
        Assert.Equal(0, IndexCount(db, "p%\\_e\\_file\\_read\\_file\\_target\\_path"));
        Assert.Equal(1, IndexCount(db, "p1\\_e\\_network\\_connect\\_network\\_remote\\_address"));
        Assert.Equal(0, IndexCount(db, "p%\\_e\\_network\\_connect\\_network\\_unix\\_path"));
        AssertAnswers(db, events, reader);
    }

    [Fact]
    public async Task A_partition_written_to_again_after_a_restart_finds_values_in_columns_that_were_empty_when_it_was_indexed()
    {
        using var dir = new TempDirectory();
        var db = dir.File("recorder.db");
        var (events, reader, _) = Scenario(2_000);
        var first = StoreTestHelpers.Sink(db, new FakePluginServices(dir.Path));
        await first.WriteAsync(events);
        await first.ShutdownAsync(default);
        Assert.Equal(0, IndexCount(db, "p1\\_e\\_file\\_read\\_file\\_target\\_path"));

        // The next run continues the same partition (same day, room left) and reads through a symbolic link.
        var link = Events.File(EventSchemas.FileRead, reader, T0.AddMinutes(5), "/srv/data/current");
        link["file.target_path"] = "/srv/data/v2";
        var second = StoreTestHelpers.Sink(db, new FakePluginServices(dir.Path));
        await second.WriteAsync([link]);
        using (var store = RecorderStore.Open(db))
        {
            Assert.Single(store.Partitions);
            Assert.Single(new StoreQueries(store).File("/srv/data/v2").ToList());
        }
        await second.ShutdownAsync(default);
        using (var store = RecorderStore.Open(db)) Assert.Single(new StoreQueries(store).File("/srv/data/v2").ToList());
        Assert.Equal("ok", StoreTestHelpers.IntegrityCheck(db));
    }

    [Fact]
    public async Task A_path_field_added_by_a_newer_version_of_a_type_is_found_in_a_partition_written_to_again()
    {
        using var dir = new TempDirectory();
        var db = dir.File("recorder.db");
        var (events, reader, _) = Scenario(2_000);
        var first = StoreTestHelpers.Sink(db, new FakePluginServices(dir.Path));
        await first.WriteAsync(events);
        await first.ShutdownAsync(default);

        // The next version of file.read names a second path; the partition's table gains the column.
        var newerRead = new EventSchema(EventSchemas.FileRead.Name, EventSchemas.FileRead.Description,
            [.. EventSchemas.FileRead.Fields, new EventField("file.mount_path", FieldType.String, "Mount point the path lies under.")]);
        var read = Events.Make(newerRead, reader, T0.AddMinutes(5));
        read["file.path"] = "/srv/data/f1";
        read["file.mount_path"] = "/srv";
        var second = StoreTestHelpers.Sink(db, new FakePluginServices(dir.Path));
        await second.WriteAsync([read]);
        using (var store = RecorderStore.Open(db))
        {
            Assert.Single(store.Partitions);
            Assert.Single(new StoreQueries(store).File("/srv").ToList());
        }
        await second.ShutdownAsync(default);
    }

    [Fact]
    public async Task A_partition_indexed_by_an_earlier_version_is_searched_in_every_path_column()
    {
        using var dir = new TempDirectory();
        var db = dir.File("recorder.db");
        var (events, reader, _) = Scenario(2_000);
        var link = Events.File(EventSchemas.FileRead, reader, T0.AddMinutes(5), "/srv/data/current");
        link["file.target_path"] = "/srv/data/v2";
        var sink = StoreTestHelpers.Sink(db, new FakePluginServices(dir.Path));
        await sink.WriteAsync([.. events, link]);
        await sink.ShutdownAsync(default);

        // As an earlier version leaves a partition whose table gained the column after its indexes were made: the
        // string-hash index under its old name, no index on the added column.
        StoreTestHelpers.Execute(db, "DROP INDEX p1_e_file_read_file_target_path; DROP INDEX p1_str_hash; CREATE INDEX p1_str_h ON p1_str(h)");
        using (var store = RecorderStore.Open(db)) Assert.Single(new StoreQueries(store).File("/srv/data/v2").ToList());
        AssertAnswers(db, events, reader);
    }
}

using Recorder.Plugins.Sinks.Sqlite.Queries;

namespace Recorder.Plugins.Sinks.Sqlite.Tests;

public sealed class SqliteSinkTests
{
    private static readonly DateTime T0 = new(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc);

    /// <summary>A type declared by a third-party plugin, with one field of every value type.</summary>
    private static EventSchema AcmeSample(bool withNewField = false)
    {
        var fields = new List<EventField>
        {
            new("acme.name", FieldType.String, "A name."),
            new("acme.count", FieldType.Int64, "A count."),
            new("acme.ratio", FieldType.Double, "A ratio."),
            new("acme.enabled", FieldType.Boolean, "A flag."),
            new("acme.seen", FieldType.Timestamp, "A time."),
            new("acme.id", FieldType.Guid, "An id."),
            new("acme.peer", FieldType.IpAddress, "An address."),
            new("acme.path", FieldType.String, "A path (indexed)."),
        };
        if (withNewField) fields.Add(new EventField("acme.added_later", FieldType.String, "Added in version 2."));
        return new EventSchema("acme.sample", "A sample event of the Acme plugin.", fields);
    }

    [Fact]
    public async Task Stores_a_plugin_declared_type_in_its_own_table_and_reads_every_value_back()
    {
        using var dir = new TempDirectory();
        var services = new FakePluginServices(dir.Path);
        var sink = StoreTestHelpers.Sink(dir.File("recorder.db"), services);
        var proc = Events.Process(42, "/opt/acme/agent", "agent --serve", "root", null, T0.AddMinutes(-5));
        var id = Guid.NewGuid();
        var e = Events.Make(AcmeSample(), proc, T0.AddTicks(1234567));
        e["acme.name"] = "héllo 'quoted' \"name\"";
        e["acme.count"] = 7L;
        e["acme.ratio"] = 0.25;
        e["acme.enabled"] = true;
        e["acme.seen"] = T0.AddDays(-1);
        e["acme.id"] = id;
        e["acme.peer"] = System.Net.IPAddress.Parse("2001:db8::1");
        e["acme.path"] = "/var/lib/acme/state";
        e.Tags["rule"] = "acme-watch";
        await sink.WriteBatchAsync([e], default);

        // Version 2 of the plugin adds a field: the same table gains a column, the old row reads null there.
        var e2 = Events.Make(AcmeSample(withNewField: true), proc, T0.AddSeconds(1));
        e2["acme.name"] = "second";
        e2["acme.added_later"] = "new";
        await sink.WriteBatchAsync([e2], default);
        await sink.ShutdownAsync(default);

        using var store = RecorderStore.Open(dir.File("recorder.db"));
        var result = store.Query("SELECT event_time, event_type, process_pid, process_path, process_guid, acme_name, acme_count, acme_ratio, acme_enabled, acme_seen, acme_id, acme_peer, acme_path, tags, acme_added_later FROM acme_sample ORDER BY event_time");
        var rows = result.ToList();
        Assert.Equal(2, rows.Count);
        var r = rows[0];
        Assert.Equal("2026-11-20T10:00:00.1234567Z", r[0]);
        Assert.Equal("acme.sample", r[1]);
        Assert.Equal(42L, r[2]);
        Assert.Equal("/opt/acme/agent", r[3]);
        Assert.Equal(proc.Guid.ToString(), r[4]);
        Assert.Equal("héllo 'quoted' \"name\"", r[5]);
        Assert.Equal(7L, r[6]);
        Assert.Equal(0.25, r[7]);
        Assert.Equal(1L, r[8]);
        Assert.Equal("2026-11-19T10:00:00.0000000Z", r[9]);
        Assert.Equal(id.ToString(), r[10]);
        Assert.Equal("2001:db8::1", r[11]);
        Assert.Equal("/var/lib/acme/state", r[12]);
        Assert.Equal("{\"rule\":\"acme-watch\"}", r[13]);
        Assert.Null(r[14]);
        Assert.Equal("second", rows[1][5]);
        Assert.Equal("new", rows[1][14]);

        // The plugin's path field is indexed like built-in paths.
        var plan = string.Join(" | ", store.Query("EXPLAIN QUERY PLAN SELECT * FROM p1_e_acme_sample WHERE acme_path = 3").ToList().Select(x => x[3]));
        Assert.Contains("USING INDEX", plan);
    }

    [Fact]
    public async Task Thousands_of_events_with_the_same_millisecond_timestamp_are_all_stored()
    {
        // Kernel audit stamps events in milliseconds: under load dozens share one timestamp. Found live: a busy
        // open() loop made the sink fail every batch.
        using var dir = new TempDirectory();
        var services = new FakePluginServices(dir.Path);
        var db = dir.File("recorder.db");
        var sink = StoreTestHelpers.Sink(db, services);
        var proc = Events.Process(77, "/usr/bin/cat", "cat /etc/hostname", "root", null, T0);
        var events = Enumerable.Range(0, 5000).Select(i => Events.File(EventSchemas.FileRead, proc, T0.AddMilliseconds(i / 2500), "/etc/hostname")).ToList();
        await sink.WriteAsync(events, batchSize: 1000);
        await sink.ShutdownAsync(default);

        Assert.Equal(5000, StoreTestHelpers.Scalar(db, "select count(*) from file_read"));
        Assert.Equal(0, services.CounterValue("dropped_disk_full"));
    }

    [Fact]
    public async Task Each_event_keeps_its_own_tags_when_tag_sets_repeat_and_differ()
    {
        // The sink recognises a tag set it stored before without re-serialising it: events must still read back
        // exactly their own tags, in any order of repeats, across batches.
        using var dir = new TempDirectory();
        var services = new FakePluginServices(dir.Path);
        var db = dir.File("recorder.db");
        var sink = StoreTestHelpers.Sink(db, services);
        var proc = Events.Process(77, "/usr/bin/cat", "cat /etc/hostname", "root", null, T0);
        Dictionary<string, string>[] tagSets =
        [
            new() { ["audit.key"] = "watch-etc" },
            new() { ["audit.key"] = "watch-tmp" },
            new(),
            new() { ["audit.key"] = "watch-etc", ["site"] = "lab" },
            new() { ["site"] = "lab", ["audit.key"] = "watch-etc" },
        ];
        var events = new List<RecorderEvent>();
        for (var i = 0; i < 50; i++)
        {
            var e = Events.File(EventSchemas.FileRead, proc, T0.AddMilliseconds(i), "/etc/hostname");
            foreach (var (name, value) in tagSets[i * 7 % tagSets.Length]) e.Tags[name] = value;
            events.Add(e);
        }
        await sink.WriteAsync(events, batchSize: 8);
        await sink.ShutdownAsync(default);

        using var store = RecorderStore.Open(db);
        var stored = store.Query("SELECT tags FROM file_read ORDER BY event_time").ToList();
        Assert.Equal(50, stored.Count);
        for (var i = 0; i < 50; i++)
        {
            var expected = tagSets[i * 7 % tagSets.Length];
            var tags = stored[i][0] is string json ? System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(json)! : new Dictionary<string, string>();
            Assert.Equal(expected.OrderBy(t => t.Key), tags.OrderBy(t => t.Key));
        }
    }

    [Fact]
    public async Task Repeated_strings_are_stored_once_and_read_back_exactly()
    {
        using var dir = new TempDirectory();
        var services = new FakePluginServices(dir.Path);
        var sink = StoreTestHelpers.Sink(dir.File("recorder.db"), services);
        var proc = Events.Process(4242, "/usr/bin/python3", "python3 -c \"print('x, y')\"\nsecond line", "alice", null, T0);
        string[] paths = ["/etc/passwd", "/tmp/ünïcödé ☃", "", new string('x', 5000), "/etc/passwd"];
        var events = new List<RecorderEvent>();
        for (var i = 0; i < 1000; i++) events.Add(Events.File(EventSchemas.FileWrite, proc, T0.AddMilliseconds(i), paths[i % paths.Length]));
        await sink.WriteAsync(events, batchSize: 100);
        await sink.ShutdownAsync(default);

        var db = dir.File("recorder.db");
        using var store = RecorderStore.Open(db);
        var stored = store.Query("SELECT file_path, count(*) FROM file_write GROUP BY file_path ORDER BY file_path").ToList();
        Assert.Equal(4, stored.Count);
        Assert.Equal(400L, stored.Single(r => (string)r[0]! == "/etc/passwd")[1]);
        Assert.Contains(stored, r => (string)r[0]! == "/tmp/ünïcödé ☃");
        Assert.Contains(stored, r => (string)r[0]! == "");
        Assert.Contains(stored, r => ((string)r[0]!).Length == 5000);
        Assert.Equal(proc.Cmd, store.Query("SELECT DISTINCT process_cmd FROM file_write").ToList().Single()[0]);

        // Each distinct text is in the string table once, however many events used it.
        var distinct = store.Query("SELECT count(*), count(DISTINCT s) FROM p1_str").ToList()[0];
        Assert.Equal(distinct[1], distinct[0]);
        // One process row for the 1000 events of the same process.
        Assert.Equal(1L, store.Query("SELECT count(*) FROM processes").ToList()[0][0]);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Store_files_are_readable_by_the_owner_only()
    {
        using var dir = new TempDirectory();
        var db = Path.Combine(dir.Path, "data", "recorder.db");
        var sink = StoreTestHelpers.Sink(db, new FakePluginServices(dir.Path));
        var proc = Events.Process(1, "/sbin/init", "init", "root", null, T0);
        await sink.WriteBatchAsync([Events.Start(proc, T0)], default);

        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(ownerOnly, File.GetUnixFileMode(db));
        Assert.Equal(ownerOnly, File.GetUnixFileMode(db + "-wal"));
        Assert.Equal(ownerOnly, File.GetUnixFileMode(db + "-shm"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(db)!));
        await sink.ShutdownAsync(default);
    }

    [Fact]
    public void Provider_binds_options_and_names_the_bad_one()
    {
        using var dir = new TempDirectory();
        var services = new FakePluginServices(dir.Path);
        var provider = new SqliteSinkProvider();
        var sink = provider.CreateSink(new SinkContext(new FakeOptions(new Dictionary<string, string?> { ["path"] = "db/x.db", ["max_size_mb"] = "64", ["max_age_days"] = "7" }), services));
        Assert.IsType<SqliteSink>(sink);
        Assert.Equal(Path.Combine(dir.Path, "db", "x.db"), services.Status["path"]);

        var error = Assert.Throws<PluginOptionsException>(() =>
            provider.CreateSink(new SinkContext(new FakeOptions(new Dictionary<string, string?> { ["max_size_mb"] = "0" }), services)));
        Assert.Equal("max_size_mb", error.Option);
        error = Assert.Throws<PluginOptionsException>(() =>
            provider.CreateSink(new SinkContext(new FakeOptions(new Dictionary<string, string?> { ["max_age_days"] = "-1" }), services)));
        Assert.Equal("max_age_days", error.Option);
        error = Assert.Throws<PluginOptionsException>(() =>
            provider.CreateSink(new SinkContext(new FakeOptions(new Dictionary<string, string?> { ["path"] = dir.Path }), services)));
        Assert.Equal("path", error.Option);
    }

    [Fact]
    public async Task Query_is_read_only()
    {
        using var dir = new TempDirectory();
        var sink = StoreTestHelpers.Sink(dir.File("recorder.db"), new FakePluginServices(dir.Path));
        var proc = Events.Process(1, "/sbin/init", "init", "root", null, T0);
        await sink.WriteBatchAsync([Events.Start(proc, T0)], default);
        await sink.ShutdownAsync(default);

        using var store = RecorderStore.Open(dir.File("recorder.db"));
        Assert.Equal(1L, store.Query("SELECT count(*) FROM events").ToList()[0][0]);
        Assert.ThrowsAny<Microsoft.Data.Sqlite.SqliteException>(() => store.Query("DELETE FROM partitions").ToList());
        Assert.ThrowsAny<Microsoft.Data.Sqlite.SqliteException>(() => store.Query("CREATE TABLE x(a)").ToList());
        Assert.Equal(1L, store.Query("SELECT count(*) FROM process_start").ToList()[0][0]);
    }
}

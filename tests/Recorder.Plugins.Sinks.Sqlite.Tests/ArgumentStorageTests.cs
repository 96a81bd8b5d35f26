using System.Text.Json;
using Recorder.Plugins.Sinks.Sqlite.Queries;

namespace Recorder.Plugins.Sinks.Sqlite.Tests;

/// <summary>
/// process.args and the identity fields of contracts 2.0 in the store: exact round trips through the views and the
/// query decoder, lists in plugin types, and stores written before the fields existed.
/// </summary>
public sealed class ArgumentStorageTests
{
    private static readonly DateTime T0 = new(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc);

    // A space, quotes, a newline, an empty argument, non-ASCII, and a byte that is not UTF-8 (as LosslessUtf8 keeps it).
    private static readonly string[] OddArguments =
        ["/bin/echo", "two words", "q\"uote 'single'", "new\nline", "", "ünïcødé ✓", LosslessUtf8.Decode([0xff, (byte)'x']), "back\\slash"];

    private static RecorderEvent StartWithArguments(Events.Proc proc, DateTime time, IReadOnlyList<string> args)
    {
        var e = Events.Start(proc, time);
        e.Process.Arguments = args;
        e.Process.ContainerId = "3f1a9c0d2b4e5f60718293a4b5c6d7e8f90123456789abcdef0123456789abcd";
        e.Process.UserSid = "S-1-5-21-1004336348-1177238915-682003330-1001";
        e.Process.IntegrityLevel = "high";
        e.Process.PidVersion = 7;
        return e;
    }

    private static string[]? Parse(object? json) => json is string s ? JsonSerializer.Deserialize<string[]>(s) : null;

    [Fact]
    public async Task Args_round_trip_exactly_through_the_views_and_the_query_decoder()
    {
        using var dir = new TempDirectory();
        var db = dir.File("recorder.db");
        var sink = StoreTestHelpers.Sink(db, new FakePluginServices(dir.Path));
        var proc = Events.Process(42, "/usr/bin/echo", "echo", "root", null, T0);
        await sink.WriteBatchAsync([StartWithArguments(proc, T0, OddArguments)], default);
        await sink.ShutdownAsync(default);

        using var store = RecorderStore.Open(db);
        var row = store.Query("SELECT process_args, process_container_id, process_user_sid, process_integrity_level, process_pid_version FROM process_start").Rows.Single();
        Assert.Equal(OddArguments, Parse(row[0]));
        Assert.Equal("3f1a9c0d2b4e5f60718293a4b5c6d7e8f90123456789abcdef0123456789abcd", row[1]);
        Assert.Equal("S-1-5-21-1004336348-1177238915-682003330-1001", row[2]);
        Assert.Equal("high", row[3]);
        Assert.Equal(7L, row[4]);
        Assert.Equal(OddArguments, Parse(store.Query("SELECT process_args FROM processes").Rows.Single()[0]));

        var found = new EventSearch(store).Find(SearchOrder.OldestFirst, 0, long.MaxValue, 10, (_, _, _) => "");
        Assert.Equal(OddArguments, Assert.Single(found).Process!.Arguments);
        Assert.Equal([0xff, (byte)'x'], LosslessUtf8.Encode(found[0].Process!.Arguments![6]));
    }

    [Fact]
    public async Task A_list_field_of_a_plugin_type_is_stored_and_decoded_as_the_same_list()
    {
        using var dir = new TempDirectory();
        var db = dir.File("recorder.db");
        var schema = new EventSchema("acme.launch", "Acme launched something.", [new EventField("acme.argv", FieldType.StringList, "Its arguments.")]);
        var argv = schema.Key<IReadOnlyList<string>?>("acme.argv");
        var sink = StoreTestHelpers.Sink(db, new FakePluginServices(dir.Path));
        var e = Events.Make(schema, Events.Process(7, "/opt/acme", "acme", "root", null, T0), T0);
        e.Set(argv, OddArguments);
        await sink.WriteBatchAsync([e], default);
        await sink.ShutdownAsync(default);

        using var store = RecorderStore.Open(db);
        Assert.Equal(OddArguments, Parse(store.Query("SELECT acme_argv FROM acme_launch").Rows.Single()[0]));
        var found = Assert.Single(new EventSearch(store).Find(SearchOrder.OldestFirst, 0, long.MaxValue, 10, (_, _, _) => ""));
        Assert.Equal(OddArguments, (string[])found.Field("acme_argv")!);
    }

    [Fact]
    public async Task A_store_written_before_contracts_2_reads_the_new_columns_as_null_and_is_continued()
    {
        using var dir = new TempDirectory();
        var db = dir.File("recorder.db");
        var proc = Events.Process(42, "/usr/bin/echo", "echo", "root", null, T0);
        var sink = StoreTestHelpers.Sink(db, new FakePluginServices(dir.Path));
        await sink.WriteBatchAsync([Events.Start(proc, T0)], default);
        await sink.ShutdownAsync(default);
        // Make the process table as contracts 1.x left it: without the columns added in 2.0.
        var table = RecorderStoreTables(db).Single(t => t.EndsWith("_proc", StringComparison.Ordinal));
        foreach (var column in new[] { "args", "user_sid", "user_domain", "logon_id", "terminal_session", "integrity_level", "pid_version", "container_id" })
            StoreTestHelpers.Execute(db, $"ALTER TABLE {table} DROP COLUMN {column}");

        using (var store = RecorderStore.Open(db))
        {
            var row = store.Query("SELECT process_pid, process_args, process_container_id FROM process_start").Rows.Single();
            Assert.Equal(42L, row[0]);
            Assert.Null(row[1]);
            Assert.Null(row[2]);
            Assert.Null(Assert.Single(new EventSearch(store).Find(SearchOrder.OldestFirst, 0, long.MaxValue, 10, (_, _, _) => "")).Process!.Arguments);
        }

        sink = StoreTestHelpers.Sink(db, new FakePluginServices(dir.Path));
        await sink.WriteBatchAsync([StartWithArguments(proc, T0.AddSeconds(1), OddArguments)], default);
        await sink.ShutdownAsync(default);
        using (var store = RecorderStore.Open(db))
        {
            var rows = store.Query("SELECT process_args FROM process_start ORDER BY event_time").Rows.ToList();
            Assert.Equal(2, rows.Count);
            Assert.Null(rows[0][0]);
            Assert.Equal(OddArguments, Parse(rows[1][0]));
        }
        Assert.Equal("ok", StoreTestHelpers.IntegrityCheck(db));
    }

    private static List<string> RecorderStoreTables(string db)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=False;Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read()) names.Add(reader.GetString(0));
        return names;
    }
}

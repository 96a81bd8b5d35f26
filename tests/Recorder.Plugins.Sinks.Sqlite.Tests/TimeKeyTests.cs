using Recorder.Plugins.Sinks.Sqlite.Queries;

namespace Recorder.Plugins.Sinks.Sqlite.Tests;

/// <summary>Row keys count from an hour before a partition's first event: events that arrive later than that still read back exactly.</summary>
public sealed class TimeKeyTests
{
    private static readonly DateTime T0 = new(2026, 11, 20, 15, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task An_event_arriving_hours_late_keeps_its_exact_time_and_its_place_in_the_timeline()
    {
        using var dir = new TempDirectory();
        var db = dir.File("recorder.db");
        var sink = StoreTestHelpers.Sink(db, new FakePluginServices(dir.Path));
        var proc = Events.Process(500, "/usr/bin/make", "make all", "alice", null, T0.AddHours(-6));
        var first = Events.File(EventSchemas.FileRead, proc, T0, "/src/first.c");
        var late = Events.File(EventSchemas.FileRead, proc, T0.AddHours(-5).AddTicks(1234567), "/src/late.c");
        var after = Events.File(EventSchemas.FileRead, proc, T0.AddMinutes(1), "/src/after.c");
        await sink.WriteAsync([first, late, after]);
        await sink.ShutdownAsync(default);

        using var store = RecorderStore.Open(db);
        Assert.Single(store.Partitions);
        var rows = store.Query("SELECT event_time, file_path FROM file_read ORDER BY event_time").ToList();
        Assert.Equal(["2026-11-20T10:00:00.1234567Z", "2026-11-20T15:00:00.0000000Z", "2026-11-20T15:01:00.0000000Z"], rows.Select(r => (string)r[0]!).ToArray());
        var timeline = new StoreQueries(store).Timeline(T0.AddHours(-6), T0.AddHours(-4)).ToList();
        Assert.Single(timeline);
        Assert.Contains("/src/late.c", (string)timeline[0][6]!);
        Assert.Single(new StoreQueries(store).File("/src/late.c").ToList());
    }
}

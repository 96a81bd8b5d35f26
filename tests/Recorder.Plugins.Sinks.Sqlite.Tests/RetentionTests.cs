using Recorder.Plugins.Sinks.Sqlite.Queries;

namespace Recorder.Plugins.Sinks.Sqlite.Tests;

public sealed class RetentionTests
{
    [Fact]
    public async Task Drops_history_older_than_max_age_while_recording_and_gives_the_space_back()
    {
        using var dir = new TempDirectory();
        var db = dir.File("recorder.db");
        var now = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
        var clock = new ManualClock(now - TimeSpan.FromSeconds(100 * 11));
        var services = new FakePluginServices(dir.Path);
        var sink = StoreTestHelpers.Sink(db, services, maxAgeDays: 90, clock: clock);
        var proc = Events.Process(10, "/usr/bin/app", "app", "root", null, now.UtcDateTime.AddDays(-200));

        // 100 days of history, one batch per day, each written on its day as a recording recorder does.
        for (var daysAgo = 99; daysAgo >= 0; daysAgo--)
        {
            var day = now.UtcDateTime.AddDays(-daysAgo);
            clock.Now = new DateTimeOffset(day, TimeSpan.Zero);
            await sink.WriteBatchAsync(Enumerable.Range(0, 200).Select(i => Events.File(EventSchemas.FileWrite, proc, day.AddSeconds(i), $"/var/log/app-{daysAgo}.log")).ToList(), default);
        }
        Assert.Equal(now, clock.Now);

        // Kept: events at most 90 days old (the event exactly 90 days old is on the boundary and kept).
        Assert.Equal(91 * 200, StoreTestHelpers.Scalar(db, "SELECT count(*) FROM file_write"));
        using (var store = RecorderStore.Open(db))
        {
            var oldest = (string)store.Query("SELECT min(event_time) FROM events").ToList()[0][0]!;
            Assert.Equal("2026-08-26T12:00:00.0000000Z", oldest);
        }
        Assert.True(services.CounterValue("partitions_dropped") >= 9);

        // Time passes: five more days fall out while the recorder keeps writing.
        clock.Now = now.AddDays(5);
        await sink.WriteBatchAsync([Events.File(EventSchemas.FileWrite, proc, clock.Now.UtcDateTime, "/var/log/new.log")], default);
        Assert.Equal(86 * 200 + 1, StoreTestHelpers.Scalar(db, "SELECT count(*) FROM file_write"));
        await sink.ShutdownAsync(default);

        // Dropped partitions leave no tables and no free pages behind.
        using (var store = RecorderStore.Open(db))
        {
            Assert.Equal(0L, store.Query("SELECT count(*) FROM sqlite_master WHERE name LIKE 'p1\\_%' ESCAPE '\\'").ToList()[0][0]);
            Assert.Equal(0L, store.Query("PRAGMA freelist_count").ToList()[0][0]);
        }
        Assert.Equal("ok", StoreTestHelpers.IntegrityCheck(db));
    }

    [Fact]
    public async Task History_imported_from_years_ago_is_kept_for_max_age_from_its_import_then_dropped()
    {
        using var dir = new TempDirectory();
        var db = dir.File("recorder.db");
        var now = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
        var clock = new ManualClock(now);
        var services = new FakePluginServices(dir.Path);
        var sink = StoreTestHelpers.Sink(db, services, maxAgeDays: 90, clock: clock);
        var longAgo = now.UtcDateTime.AddYears(-3);
        var proc = Events.Process(10, "/usr/bin/app", "app", "root", null, longAgo);

        // A replayed log of three years ago, written today.
        await sink.WriteBatchAsync(Enumerable.Range(0, 500).Select(i => Events.File(EventSchemas.FileWrite, proc, longAgo.AddSeconds(i), "/var/log/old.log")).ToList(), default);
        clock.Now += TimeSpan.FromSeconds(11);
        await sink.WriteBatchAsync([Events.File(EventSchemas.FileWrite, proc, clock.Now.UtcDateTime, "/var/log/today.log")], default);
        Assert.Equal(501, StoreTestHelpers.Scalar(db, "SELECT count(*) FROM file_write"));

        // 89 days later it is still there; 91 days after the import it goes.
        clock.Now = now.AddDays(89);
        await sink.WriteBatchAsync([Events.File(EventSchemas.FileWrite, proc, clock.Now.UtcDateTime, "/var/log/later.log")], default);
        Assert.Equal(502, StoreTestHelpers.Scalar(db, "SELECT count(*) FROM file_write"));
        clock.Now = now.AddDays(91);
        await sink.WriteBatchAsync([Events.File(EventSchemas.FileWrite, proc, clock.Now.UtcDateTime, "/var/log/latest.log")], default);
        await sink.ShutdownAsync(default);
        Assert.Equal(0, StoreTestHelpers.Scalar(db, "SELECT count(*) FROM file_write WHERE file_path = '/var/log/old.log'"));
    }

    [Fact]
    public async Task Keeps_every_file_of_the_store_within_five_percent_of_the_size_budget()
    {
        using var dir = new TempDirectory();
        var db = dir.File("recorder.db");
        var services = new FakePluginServices(dir.Path);
        const double budgetMb = 4;
        var budget = (long)(budgetMb * 1024 * 1024);
        var sink = StoreTestHelpers.Sink(db, services, maxSizeMb: budgetMb);
        var start = DateTime.UtcNow.AddHours(-2);

        long maxSeen = 0, written = 0;
        var batch = new List<RecorderEvent>(1000);
        foreach (var e in Events.Mix(start, TimeSpan.FromMilliseconds(20), 250_000))
        {
            batch.Add(e);
            if (batch.Count < 1000) continue;
            await sink.WriteBatchAsync(batch, default);
            written += batch.Count;
            batch = new List<RecorderEvent>(1000);
            maxSeen = Math.Max(maxSeen, Storage.StoreFiles.SizeOnDisk(db));
        }

        Assert.True(services.CounterValue("partitions_dropped") > 0, "the budget was never reached: write more");
        Assert.True(maxSeen <= budget * 1.05, $"store reached {maxSeen} bytes, budget {budget} (+{(maxSeen - budget) * 100.0 / budget:F1} %)");
        Assert.Equal(written, services.CounterValue("events_written"));
        Assert.Equal(0, services.CounterValue("dropped_disk_full"));
        await sink.ShutdownAsync(default);
        Assert.True(Storage.StoreFiles.SizeOnDisk(db) <= budget * 1.05);

        // The newest history is kept, the oldest went first.
        using var store = RecorderStore.Open(db);
        var kept = Convert.ToInt64(store.Query("SELECT count(*) FROM events").ToList()[0][0]);
        var newest = (string)store.Query("SELECT max(event_time) FROM events").ToList()[0][0]!;
        Assert.InRange(kept, 10_000, written - 1);
        Assert.Equal(start.AddMilliseconds(20 * 250_000).ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ"), newest);
        Assert.Equal("ok", StoreTestHelpers.IntegrityCheck(db));
    }
}

using Recorder.Plugins.Sinks.Sqlite.Storage;

namespace Recorder.Plugins.Sinks.Sqlite.Tests;

public sealed class FullDiskTests
{
    [RootFact]
    public async Task A_full_disk_turns_the_sink_unhealthy_counts_drops_and_writing_resumes_when_space_returns()
    {
        using var mount = new TestMount("2m");
        var db = System.IO.Path.Combine(mount.Path, "recorder.db");
        var services = new FakePluginServices(mount.Path);
        var sink = new SqliteSink(db, new StoreBudget(TimeSpan.FromDays(90), 1L << 30), services, TimeProvider.System) { RetryDelay = TimeSpan.Zero };
        var events = Events.Mix(DateTime.UtcNow.AddHours(-1), TimeSpan.FromMilliseconds(5), 2_000_000).GetEnumerator();
        List<RecorderEvent> NextBatch()
        {
            var batch = new List<RecorderEvent>(500);
            while (batch.Count < 500 && events.MoveNext()) batch.Add(events.Current);
            return batch;
        }

        // Fill the file system: no exception reaches the host, drops are counted, health says why.
        for (var i = 0; i < 400 && services.CounterValue("dropped_disk_full") == 0; i++) await sink.WriteBatchAsync(NextBatch(), default);
        Assert.True(services.CounterValue("dropped_disk_full") >= 500, "the 2 MiB file system never filled up");
        Assert.False(services.Health["disk"].Healthy);
        var written = services.CounterValue("events_written");
        Assert.True(written > 0);
        await sink.WriteBatchAsync(NextBatch(), default);
        Assert.False(services.Health["disk"].Healthy);

        // Space returns: the next batch is stored and the check turns healthy.
        mount.Remount("size=64m");
        await sink.WriteBatchAsync(NextBatch(), default);
        Assert.True(services.Health["disk"].Healthy, services.Health["disk"].Detail);
        Assert.Equal(written + 500, services.CounterValue("events_written"));

        await sink.ShutdownAsync(default);

        // A read-only file system (as after a reboot with the disk mounted read-only; Linux refuses to remount a
        // file system read-only while files on it are open for writing) is handled the same way.
        mount.Remount("ro");
        var readOnlyServices = new FakePluginServices(mount.Path);
        var readOnlySink = new SqliteSink(db, new StoreBudget(TimeSpan.FromDays(90), 1L << 30), readOnlyServices, TimeProvider.System) { RetryDelay = TimeSpan.Zero };
        await readOnlySink.WriteBatchAsync(NextBatch(), default);
        Assert.False(readOnlyServices.Health["disk"].Healthy);
        Assert.Equal(500, readOnlyServices.CounterValue("dropped_disk_full"));
        mount.Remount("rw");
        await readOnlySink.WriteBatchAsync(NextBatch(), default);
        Assert.True(readOnlyServices.Health["disk"].Healthy, readOnlyServices.Health["disk"].Detail);
        Assert.Equal(500, readOnlyServices.CounterValue("events_written"));
        await readOnlySink.ShutdownAsync(default);

        Assert.Equal("ok", StoreTestHelpers.IntegrityCheck(db));
        Assert.Equal(services.CounterValue("events_written") + 500, StoreTestHelpers.Scalar(db, "SELECT count(*) FROM events"));
    }
}

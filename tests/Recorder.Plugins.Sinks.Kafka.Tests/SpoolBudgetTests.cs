using Recorder.Plugins.Sinks.Kafka.Tests.Support;

namespace Recorder.Plugins.Sinks.Kafka.Tests;

public sealed class SpoolBudgetTests
{
    private const string Topic = "recorder-events";

    [Fact]
    public async Task Over_budget_while_unreachable_the_oldest_are_dropped_counted_and_marked_and_the_rest_arrives()
    {
        using var cluster = new MockCluster(3);
        cluster.CreateTopic(Topic, 2);
        cluster.AllBrokersDown();
        using var dir = new TempDirectory();
        var services = new FakePluginServices(dir.Path);
        var sink = KafkaTestSink.Create(services, cluster.Bootstraps, dir.File("spool"), "spool_max_mb: 0.5\nspool_segment_mb: 0.1");
        var events = Events.Mix(DateTime.UtcNow.AddMinutes(-5), TimeSpan.FromMilliseconds(1), 5000).ToList();

        await sink.WriteAsync(events, batchSize: 100);
        var dropped = services.CounterValue("dropped_by_budget");
        // The spool keeps 0.5 MB and the producer's memory at most 128 KB more, however fast the sender reads:
        // most of about 4 MB must be dropped and counted, not held in memory past the budget.
        Assert.True(dropped > events.Count / 2, $"about 4 MB of events into a 0.5 MB spool: {dropped} of {events.Count} dropped");
        var spoolBytes = Directory.GetFiles(dir.File("spool"), "spool-*.jsonl").Sum(f => new FileInfo(f).Length);
        Assert.InRange(spoolBytes, 1, (long)(0.6 * 1048576));
        Assert.Contains(services.Logs, l => l.Contains("over its budget", StringComparison.Ordinal));

        cluster.AllBrokersUp();
        // Everything left is delivered; a flush writes the marker of anything lost since the last batch.
        Assert.True(await KafkaTestSink.Eventually(() => sink.Backlog == 0, TimeSpan.FromSeconds(60)), $"backlog {sink.Backlog}");
        await sink.FlushAsync(default);
        dropped = services.CounterValue("dropped_by_budget");
        using var reader = new TopicReader(cluster.Bootstraps, Topic, 2);
        var newest = events.TakeLast(200).Select(e => e.Id).ToHashSet();
        var received = reader.ReadUntil(r => r.Count(m => newest.Contains(m.EventId)) == newest.Count && LossCount(r) == dropped);
        await sink.ShutdownAsync(default);

        // The newest events arrive; the loss markers account for every dropped event.
        var missingNewest = newest.Where(id => !received.Any(r => r.EventId == id)).ToList();
        Assert.True(missingNewest.Count == 0, $"missing {missingNewest.Count} of the newest, from {missingNewest.FirstOrDefault()}; dropped {dropped}, markers {LossCount(received)}, received {received.Count}, backlog {sink.Backlog}\n{string.Join("\n", services.Status)}\n{string.Join("\n", services.Counters.Select(c => c.Key + "=" + c.Value.Value))}\n{string.Join("\n", services.Logs.Take(30))}");
        var markers = received.Where(r => r.Type == "recorder.loss").ToList();
        Assert.NotEmpty(markers);
        Assert.All(markers, m =>
        {
            Assert.Equal("spool_full", m.Value.GetProperty("loss.reason").GetString());
            Assert.Equal(KafkaSink.LossSource, m.Value.GetProperty("loss.source").GetString());
        });
        Assert.Equal(dropped, LossCount(received));
        // Exactly the events counted as dropped are missing (those the producer already held when their file went
        // were delivered, and not counted).
        var arrived = received.Select(r => r.EventId).ToHashSet();
        Assert.Equal(dropped, events.Count(e => !arrived.Contains(e.Id)));
    }

    private static long LossCount(IEnumerable<Received> received) =>
        received.Where(r => r.Type == "recorder.loss").Sum(m => m.Value.GetProperty("loss.count").GetInt64());
}

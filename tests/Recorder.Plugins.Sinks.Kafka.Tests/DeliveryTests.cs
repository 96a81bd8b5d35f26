using Recorder.Plugins.Sinks.Kafka.Tests.Support;

namespace Recorder.Plugins.Sinks.Kafka.Tests;

/// <summary>The sink against librdkafka's mock cluster: three real brokers on loopback.</summary>
public sealed class DeliveryTests
{
    private const string Topic = "recorder-events";

    [Fact]
    public async Task Every_event_arrives_once_keyed_by_process_and_in_order()
    {
        using var cluster = new MockCluster(3);
        cluster.CreateTopic(Topic, 4);
        using var dir = new TempDirectory();
        var services = new FakePluginServices(dir.Path);
        var sink = KafkaTestSink.Create(services, cluster.Bootstraps, dir.File("spool"));
        var events = Events.Mix(DateTime.UtcNow.AddMinutes(-5), TimeSpan.FromMilliseconds(1), 3000).ToList();

        await sink.WriteAsync(events);
        using var reader = new TopicReader(cluster.Bootstraps, Topic, 4);
        var received = reader.ReadAll(events.Select(e => e.Id).ToList());

        Assert.Equal(0, Deliveries.AssertEveryEventArrived(events, received));
        Deliveries.AssertOrderedPerProcess(events, received);
        Assert.True(received.Select(r => r.Partition).Distinct().Count() > 1, "the processes' keys spread over partitions");
        Assert.True(await KafkaTestSink.Eventually(() => services.Status.GetValueOrDefault("spooled_events") == "0"), string.Join("\n", services.Status));
        Assert.Equal(events.Count, services.CounterValue("delivered"));
        // librdkafka connects to the brokers it needs (the partitions' leaders).
        var brokersRow = @"^" + System.Text.RegularExpressions.Regex.Escape(cluster.Bootstraps) + @" \([123] of 3 up\)$";
        Assert.True(await KafkaTestSink.Eventually(() => System.Text.RegularExpressions.Regex.IsMatch(services.Status["brokers"], brokersRow)), services.Status["brokers"]);
        Assert.True(services.Health["brokers"].Healthy);
        await sink.ShutdownAsync(default);
        // The durable cursor stands at the end of the spool: a restart sends nothing again.
        var cursor = File.ReadAllText(dir.File("spool/cursor")).Split(' ');
        var segment = Directory.GetFiles(dir.File("spool"), "spool-*.jsonl").Single();
        Assert.Equal(new FileInfo(segment).Length, long.Parse(cursor[1]));
    }

    [Fact]
    public async Task By_default_each_event_is_an_ECS_document_and_a_template_gives_each_category_its_topic()
    {
        using var cluster = new MockCluster(3);
        cluster.CreateTopic("recorder.file", 2);
        cluster.CreateTopic("recorder.network", 2);
        cluster.CreateTopic("recorder.process", 2);
        using var dir = new TempDirectory();
        var services = new FakePluginServices(dir.Path);
        var sink = KafkaTestSink.Create(services, cluster.Bootstraps, dir.File("spool"), format: "ecs", topic: "recorder.{category}");
        var events = Events.Mix(DateTime.UtcNow.AddMinutes(-5), TimeSpan.FromMilliseconds(1), 500).ToList();
        await sink.WriteAsync(events);

        var files = events.Where(e => e.Type.StartsWith("file.", StringComparison.Ordinal)).ToList();
        using var reader = new TopicReader(cluster.Bootstraps, "recorder.file", 2);
        var received = reader.ReadAll(files.Select(e => e.Id).ToList());
        await sink.ShutdownAsync(default);

        Assert.Equal(0, Deliveries.AssertEveryEventArrived(files, received));
        Assert.All(received, r =>
        {
            Assert.True(r.Value.TryGetProperty("@timestamp", out _), r.Value.ToString());
            Assert.Equal("file", r.Value.GetProperty("event").GetProperty("category")[0].GetString());
            Assert.StartsWith("file.", r.Type); // event.action is Recorder's type
        });
        var sample = files[0];
        var document = received.First(r => r.EventId == sample.Id).Value;
        Assert.Equal(sample.Process.Pid, document.GetProperty("process").GetProperty("pid").GetInt64());
        Assert.Equal((string?)sample["file.path"], document.GetProperty("file").GetProperty("path").GetString());
    }

    [Fact]
    public async Task All_brokers_down_then_up_again_loses_nothing_and_keeps_each_process_in_order()
    {
        using var cluster = new MockCluster(3);
        cluster.CreateTopic(Topic, 4);
        using var dir = new TempDirectory();
        var services = new FakePluginServices(dir.Path);
        var sink = KafkaTestSink.Create(services, cluster.Bootstraps, dir.File("spool"));
        var events = Events.Mix(DateTime.UtcNow.AddMinutes(-5), TimeSpan.FromMilliseconds(1), 3000).ToList();

        await sink.WriteAsync(events.Take(1000));
        cluster.AllBrokersDown();
        await sink.WriteAsync(events.Skip(1000).Take(1000));
        // Unreachable beyond the threshold (1 s): unhealthy, and the events wait in the spool.
        Assert.True(await KafkaTestSink.Eventually(() => services.Health.TryGetValue("brokers", out var h) && !h.Healthy), string.Join("\n", services.Logs));
        Assert.True(long.Parse(services.Status["spooled_events"]) > 0);
        cluster.AllBrokersUp();
        await sink.WriteAsync(events.Skip(2000));

        using var reader = new TopicReader(cluster.Bootstraps, Topic, 4);
        var received = reader.ReadAll(events.Select(e => e.Id).ToList());
        var duplicates = Deliveries.AssertEveryEventArrived(events, received);
        Deliveries.AssertOrderedPerProcess(events, received);
        // Duplicates are allowed; see Deliveries.ReportDuplicates for why they are not checked against the counters here.
        Deliveries.ReportDuplicates("outage", duplicates, services);
        Assert.True(await KafkaTestSink.Eventually(() => services.Health["brokers"].Healthy));
        await sink.ShutdownAsync(default);
    }

    [Fact]
    public async Task Messages_that_time_out_in_an_outage_are_sent_again_from_the_spool_and_none_is_lost()
    {
        using var cluster = new MockCluster(3);
        cluster.CreateTopic(Topic, 4);
        using var dir = new TempDirectory();
        var services = new FakePluginServices(dir.Path);
        // An operator's message.timeout.ms: the producer gives up on what it holds; the sender sends it again.
        var sink = KafkaTestSink.Create(services, cluster.Bootstraps, dir.File("spool"), messageTimeoutMs: 1500);
        var events = Events.Mix(DateTime.UtcNow.AddMinutes(-5), TimeSpan.FromMilliseconds(1), 3000).ToList();

        await sink.WriteAsync(events.Take(1000));
        cluster.AllBrokersDown();
        await sink.WriteAsync(events.Skip(1000).Take(1000));
        // A loaded machine may take a while to time a message out and rewind: wait longer than the default.
        Assert.True(await KafkaTestSink.Eventually(() => services.CounterValue("resent_after_error") > 0, TimeSpan.FromSeconds(90)), string.Join("\n", services.Logs));
        Assert.True(services.CounterValue("errors") > 0);
        cluster.AllBrokersUp();
        await sink.WriteAsync(events.Skip(2000));

        using var reader = new TopicReader(cluster.Bootstraps, Topic, 4);
        var received = reader.ReadAll(events.Select(e => e.Id).ToList());
        var duplicates = Deliveries.AssertEveryEventArrived(events, received);
        Deliveries.ReportDuplicates("message timeouts", duplicates, services);
        await sink.ShutdownAsync(default);
    }

    [Fact]
    public async Task Produce_request_errors_and_dropped_connections_mid_stream_lose_nothing()
    {
        using var cluster = new MockCluster(3);
        cluster.CreateTopic(Topic, 4);
        using var dir = new TempDirectory();
        var services = new FakePluginServices(dir.Path);
        var sink = KafkaTestSink.Create(services, cluster.Bootstraps, dir.File("spool"));
        var events = Events.Mix(DateTime.UtcNow.AddMinutes(-5), TimeSpan.FromMilliseconds(1), 4000).ToList();

        await sink.WriteAsync(events.Take(1000));
        cluster.PushRequestErrors(MockCluster.ProduceApi,
            MockCluster.TransportError, MockCluster.NotLeaderForPartition, MockCluster.RequestTimedOut,
            MockCluster.TransportError, MockCluster.NotEnoughReplicas, MockCluster.TransportError);
        await sink.WriteAsync(events.Skip(1000).Take(2000));
        cluster.BrokerDown(2);
        await sink.WriteAsync(events.Skip(3000));
        await Task.Delay(500);
        cluster.BrokerUp(2);

        using var reader = new TopicReader(cluster.Bootstraps, Topic, 4);
        var received = reader.ReadAll(events.Select(e => e.Id).ToList());
        var duplicates = Deliveries.AssertEveryEventArrived(events, received);
        Deliveries.AssertOrderedPerProcess(events, received);
        Deliveries.ReportDuplicates("request errors", duplicates, services);
        await sink.ShutdownAsync(default);
    }
}

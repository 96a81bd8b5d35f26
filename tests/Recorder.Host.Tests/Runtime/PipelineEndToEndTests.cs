using Recorder.Trust;

namespace Recorder.Host.Tests.Runtime;

/// <summary>Signed plugins loaded by a real host: a collector's events pass enrichers and reach a sink.</summary>
public sealed class PipelineEndToEndTests
{
    private static string CounterToFile(string sinkFile, string events = "[test.counter]") => $$"""
        module: test
        subscriptions:
          - name: counter-to-file
            events: {{events}}
            sink:
              name: test-file
              options: { path: {{sinkFile}} }
        """;

    [Fact]
    public async Task Collector_events_are_enriched_and_reach_the_sink_in_order()
    {
        await using var bed = new HostTestBed();
        bed.Deploy("Recorder.TestPlugins.Counter", "test.counter", 1);
        bed.Deploy("Recorder.TestPlugins.FileSink", "test.filesink", 1);
        bed.WriteSubscription("counter.yaml", CounterToFile(bed.SinkPath("events.tsv")));
        var host = await bed.StartAsync(new() { ["test.counter"] = "rate_per_second: 500" });

        Assert.True(await HostTestBed.Eventually(() => bed.ReadSink("events.tsv").Count >= 50), bed.LogText);
        var lines = bed.ReadSink("events.tsv");
        Assert.All(lines, l => Assert.Equal("test.counter", l[0]));
        Assert.All(lines, l => Assert.Equal("tagged_by=test-tagger", l[4]));
        Assert.All(lines, l => Assert.Equal("test-counter", l[3]));
        var numbers = lines.Select(l => long.Parse(l[1])).ToArray();
        Assert.Equal(Enumerable.Range(1, numbers.Length).Select(i => (long)i), numbers);
        var ids = lines.Select(l => long.Parse(l[2])).ToArray();
        Assert.Equal(ids.Order(), ids);
        Assert.Equal("running", bed.StatusValue("collector.test-counter", "state"));
    }

    [Fact]
    public async Task A_clean_stop_drains_every_accepted_event_into_the_sink()
    {
        await using var bed = new HostTestBed();
        bed.Deploy("Recorder.TestPlugins.Counter", "test.counter", 1);
        bed.Deploy("Recorder.TestPlugins.FileSink", "test.filesink", 1);
        bed.WriteSubscription("counter.yaml", CounterToFile(bed.SinkPath("events.tsv")));
        var host = await bed.StartAsync(new() { ["test.counter"] = "rate_per_second: 20000" });
        await Task.Delay(1500);
        await host.StopAsync();

        var written = host.Status.Counter("collector.test-counter", "written").Value;
        var lines = bed.ReadSink("events.tsv");
        Assert.True(written > 1000, $"collector wrote only {written}");
        Assert.Equal(written, lines.Count);
        Assert.Equal(lines.Count, lines.Select(l => l[1]).Distinct().Count());
    }

    [Fact]
    public async Task A_collector_runs_only_while_a_subscription_wants_its_types()
    {
        await using var bed = new HostTestBed();
        bed.Deploy("Recorder.TestPlugins.Counter", "test.counter", 1);
        bed.Deploy("Recorder.TestPlugins.FileSink", "test.filesink", 1);
        bed.WriteSubscription("other.yaml", CounterToFile(bed.SinkPath("other.tsv"), "[process.start]"));
        await bed.StartAsync();
        Assert.StartsWith("idle", bed.StatusValue("collector.test-counter", "state"));

        // Adding a subscription file while the host runs starts the collector, without a restart.
        bed.WriteSubscription("counter.yaml", CounterToFile(bed.SinkPath("events.tsv")));
        Assert.True(await HostTestBed.Eventually(() => bed.ReadSink("events.tsv").Count > 10), bed.LogText);
        Assert.Equal("running", bed.StatusValue("collector.test-counter", "state"));

        // Removing it stops the collector again.
        File.Delete(Path.Combine(bed.Subscriptions, "counter.yaml"));
        Assert.True(await HostTestBed.Eventually(() => bed.StatusValue("collector.test-counter", "state").StartsWith("idle", StringComparison.Ordinal)), bed.LogText);
        var count = bed.ReadSink("events.tsv").Count;
        await Task.Delay(300);
        Assert.Equal(count, bed.ReadSink("events.tsv").Count);
    }

    [Fact]
    public async Task A_changed_subscription_rewires_its_filter_live()
    {
        await using var bed = new HostTestBed();
        bed.Deploy("Recorder.TestPlugins.Counter", "test.counter", 1);
        bed.Deploy("Recorder.TestPlugins.FileSink", "test.filesink", 1);
        bed.WriteSubscription("counter.yaml", CounterToFile(bed.SinkPath("events.tsv")));
        await bed.StartAsync(new() { ["test.counter"] = "rate_per_second: 500" });
        Assert.True(await HostTestBed.Eventually(() => bed.ReadSink("events.tsv").Count > 10));

        bed.WriteSubscription("counter.yaml", $$"""
            module: test
            subscriptions:
              - name: counter-to-file
                events: [test.counter]
                sink:
                  name: test-file
                  options: { path: {{bed.SinkPath("events.tsv")}} }
                include:
                  - counter.number: { greater_than: 1000000 }
            """);
        // The watcher re-reads the file and swaps the routing table; events routed before the swap drain first.
        Assert.True(await HostTestBed.Eventually(() => bed.Host!.Subscriptions.Count == 1 && !bed.Host.Subscriptions[0].Filter.IsMatchAll), bed.LogText);
        Assert.Empty(bed.Host!.SubscriptionProblems);
        await Task.Delay(200);
        await bed.Host.FlushSinksAsync();
        var before = bed.ReadSink("events.tsv").Count;
        await Task.Delay(500);
        Assert.Equal(before, bed.ReadSink("events.tsv").Count);
    }

    [Fact]
    public async Task Invalid_subscription_is_reported_with_its_location_and_others_keep_working()
    {
        await using var bed = new HostTestBed();
        bed.Deploy("Recorder.TestPlugins.Counter", "test.counter", 1);
        bed.Deploy("Recorder.TestPlugins.FileSink", "test.filesink", 1);
        bed.WriteSubscription("good.yaml", CounterToFile(bed.SinkPath("events.tsv")));
        var bad = bed.WriteSubscription("bad.yaml", "module: broken\nsubscriptions:\n  - name: x\n    events: [no.such_type]\n    sink: { name: test-file, options: { path: /tmp/x } }\n");
        await bed.StartAsync();

        Assert.True(await HostTestBed.Eventually(() => bed.ReadSink("events.tsv").Count > 10));
        var problem = Assert.Single(bed.Host!.SubscriptionProblems);
        Assert.StartsWith(bad + ":4:", problem);
        Assert.Contains("no.such_type", problem);
        Assert.Contains(bed.Host.StatusRows(), r => r.Domain == "subscription" && r.Name == "error" && r.Value.Contains("no.such_type"));
    }
}

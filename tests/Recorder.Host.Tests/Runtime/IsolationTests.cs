namespace Recorder.Host.Tests.Runtime;

/// <summary>A plugin that throws, fails or hangs is isolated and reported; the host and other plugins keep running.</summary>
public sealed class IsolationTests
{
    [Fact]
    public async Task A_throwing_enricher_is_counted_and_events_still_reach_the_sink()
    {
        await using var bed = new HostTestBed();
        bed.Deploy("Recorder.TestPlugins.Counter", "test.counter", 1);
        bed.Deploy("Recorder.TestPlugins.FileSink", "test.filesink", 1);
        bed.Deploy("Recorder.TestPlugins.Faulty", "test.faulty", 1);
        bed.WriteSubscription("counter.yaml", $$"""
            module: test
            subscriptions:
              - name: counter
                events: [test.counter]
                sink: { name: test-file, options: { path: {{bed.SinkPath("events.tsv")}} } }
            """);
        var host = await bed.StartAsync(new() { ["test.counter"] = "rate_per_second: 1000" });

        Assert.True(await HostTestBed.Eventually(() => bed.ReadSink("events.tsv").Count > 200), bed.LogText);
        Assert.True(host.Status.Counter("enricher.test-throwing-enricher", "failures").Value > 0);
        // The enricher after the throwing one still ran.
        Assert.All(bed.ReadSink("events.tsv"), l => Assert.Equal("tagged_by=test-tagger", l[4]));
        Assert.Contains(host.Status.HealthChecks, h => h.Domain == "enricher.test-throwing-enricher" && !h.Healthy);
    }

    [Fact]
    public async Task A_failing_sink_and_a_hanging_sink_do_not_stall_the_others()
    {
        await using var bed = new HostTestBed();
        bed.Deploy("Recorder.TestPlugins.Counter", "test.counter", 1);
        bed.Deploy("Recorder.TestPlugins.FileSink", "test.filesink", 1);
        bed.Deploy("Recorder.TestPlugins.Faulty", "test.faulty", 1);
        bed.WriteSubscription("all.yaml", $$"""
            module: test
            subscriptions:
              - name: good
                events: [test.counter]
                sink: { name: test-file, options: { path: {{bed.SinkPath("events.tsv")}} } }
              - name: failing
                events: [test.counter]
                sink: { name: test-throwing-sink }
              - name: hanging
                events: [test.counter]
                sink: { name: test-hanging-sink }
            """);
        var host = await bed.StartAsync(new() { ["test.counter"] = "rate_per_second: 1000" });

        Assert.True(await HostTestBed.Eventually(() => bed.ReadSink("events.tsv").Count > 3000, TimeSpan.FromSeconds(30)), bed.LogText);
        var failingDomain = host.Status.Snapshot().First(r => r.Domain.StartsWith("sink.test-throwing-sink", StringComparison.Ordinal)).Domain;
        Assert.True(await HostTestBed.Eventually(() => host.Status.Counter(failingDomain, "dropped.sink_failed").Value > 0));
        Assert.Contains(host.Status.HealthChecks, h => h.Domain == failingDomain && !h.Healthy && h.Detail.Contains("always fails"));
        var hangingDomain = host.Status.Snapshot().First(r => r.Domain.StartsWith("sink.test-hanging-sink", StringComparison.Ordinal)).Domain;
        Assert.True(await HostTestBed.Eventually(() => host.Status.HealthChecks.Any(h => h.Domain == hangingDomain && !h.Healthy && h.Detail.Contains("did not finish"))), bed.LogText);
        // The good sink saw every number so far, without gaps.
        var numbers = bed.ReadSink("events.tsv").Select(l => long.Parse(l[1])).ToArray();
        Assert.Equal(Enumerable.Range(1, numbers.Length).Select(i => (long)i), numbers);
    }

    [Fact]
    public async Task A_collector_that_cannot_start_is_reported_and_retried_while_the_host_runs()
    {
        await using var bed = new HostTestBed();
        bed.Deploy("Recorder.TestPlugins.Faulty", "test.faulty", 1);
        bed.Deploy("Recorder.TestPlugins.FileSink", "test.filesink", 1);
        bed.WriteSubscription("crash.yaml", $$"""
            module: test
            subscriptions:
              - name: crash
                events: [test.crash]
                sink: { name: test-file, options: { path: {{bed.SinkPath("events.tsv")}} } }
            """);
        var host = await bed.StartAsync();

        Assert.Contains(host.Status.HealthChecks, h => h.Domain == "collector.test-crashing-collector" && !h.Healthy && h.Detail.Contains("cannot start"));
        Assert.True(await HostTestBed.Eventually(() => host.Status.Counter("collector.test-crashing-collector", "failures").Value >= 2, TimeSpan.FromSeconds(15)));
        Assert.Equal("running", host.State);
    }
}

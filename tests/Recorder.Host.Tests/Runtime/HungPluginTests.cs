using System.Diagnostics;

namespace Recorder.Host.Tests.Runtime;

/// <summary>
/// Plugins that hang, synchronously (blocking their thread) or asynchronously (a task that never completes), in
/// start, in Enrich and in a sink write: the host keeps its deadlines, reports the plugin, routes events past it,
/// keeps recording and still stops cleanly.
/// </summary>
public sealed class HungPluginTests
{
    [Theory]
    [InlineData("sync", "blocks its thread")]
    [InlineData("async", "never completed")]
    public async Task A_collector_hanging_in_start_is_reported_while_the_others_record_and_the_host_still_stops(string how, string reported)
    {
        await using var bed = Bed();
        bed.WriteSubscription("both.yaml", $$"""
            module: test
            subscriptions:
              - name: hang
                events: [test.hang]
                sink: { name: test-file, options: { path: {{bed.SinkPath("hang.tsv")}} } }
              - name: counter
                events: [test.counter]
                sink: { name: test-file, options: { path: {{bed.SinkPath("events.tsv")}} } }
            """);
        var started = Stopwatch.StartNew();
        var host = await bed.StartAsync(Settings($"collector_start: {how}"));

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(15), $"start took {started.Elapsed}");
        Assert.Equal("running", host.State);
        Assert.Contains(host.Status.HealthChecks, h => h.Domain == "collector.test-hanging-collector" && !h.Healthy && h.Detail.Contains(reported));
        var before = bed.ReadSink("events.tsv").Count;
        Assert.True(await HostTestBed.Eventually(() => bed.ReadSink("events.tsv").Count > before + 500), bed.LogText);
        await StopsWithinAsync(host, TimeSpan.FromSeconds(20));
    }

    [Theory]
    [InlineData("sync", "blocks its thread")]
    [InlineData("async", "never completed")]
    public async Task An_enricher_hanging_in_start_is_left_out_and_events_are_recorded(string how, string reported)
    {
        await using var bed = Bed();
        WriteCounterSubscription(bed);
        var host = await bed.StartAsync(Settings($"enricher_start: {how}"));

        Assert.Equal("running", host.State);
        Assert.Contains(host.Status.HealthChecks, h => h.Domain == "enricher.test-hanging-enricher" && !h.Healthy && h.Detail.Contains(reported));
        Assert.DoesNotContain(host.Pipeline.Enrichers.Slots, s => s.Name == "test-hanging-enricher");
        Assert.True(await HostTestBed.Eventually(() => bed.ReadSink("events.tsv").Count > 500), bed.LogText);
        await StopsWithinAsync(host, TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task An_enrich_call_that_never_returns_is_bypassed_reported_and_its_one_event_counted_lost()
    {
        await using var bed = Bed();
        WriteCounterSubscription(bed);
        var host = await bed.StartAsync(Settings("enrich: sync", "enrich_hangs_on_event: 100"));

        Assert.True(await HostTestBed.Eventually(() => bed.ReadSink("events.tsv").Count > 3000), bed.LogText);
        Assert.Equal(1, host.Status.Counter("pipeline", "dropped.enricher_hung").Value);
        Assert.Equal(1, host.Status.Counter("enricher.test-hanging-enricher", "hangs").Value);
        Assert.Contains(host.Status.HealthChecks, h => h.Domain == "enricher.test-hanging-enricher" && !h.Healthy && h.Detail.Contains("did not return"));
        Assert.StartsWith("hung", bed.StatusValue("enricher.test-hanging-enricher", "state"));
        Assert.Equal(0, host.Status.Counter("pipeline", "dropped.ingress_full").Value);
        // Every number but the one the enricher holds reached the sink, in order; enrichers after it still ran.
        var lines = bed.ReadSink("events.tsv");
        var numbers = lines.Select(l => long.Parse(l[1])).ToArray();
        var missing = Enumerable.Range(1, (int)numbers[^1]).Select(i => (long)i).Except(numbers).ToArray();
        Assert.Single(missing);
        Assert.Equal(numbers.Order(), numbers);
        Assert.All(lines, l => Assert.Contains("tagged_by=test-tagger", l[4]));
        // Received counts every event taken from the queue, the abandoned one included.
        Assert.True(host.Status.Counter("pipeline", "received").Value >= host.Status.Counter("pipeline", "routed").Value + 1);
        await StopsWithinAsync(host, TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task An_enricher_whose_hung_call_returns_is_tried_again_after_a_back_off()
    {
        await using var bed = Bed();
        WriteCounterSubscription(bed);
        var host = await bed.StartAsync(Settings("enrich: sync", "enrich_hangs_on_event: 100", "enrich_hang_ms: 1500"));

        Assert.True(await HostTestBed.Eventually(() => bed.StatusValue("enricher.test-hanging-enricher", "state").StartsWith("returned", StringComparison.Ordinal)), bed.LogText);
        Assert.True(await HostTestBed.Eventually(() => host.Pipeline.Enrichers.Slots.Single(s => s.Name == "test-hanging-enricher").IsBypassed == false, TimeSpan.FromSeconds(10)));
        Assert.Equal(1, host.Status.Counter("pipeline", "dropped.enricher_hung").Value);
    }

    [Theory]
    [InlineData("sync", "blocks its thread")]
    [InlineData("async", "never completed")]
    public async Task A_sink_write_that_hangs_is_reported_and_the_other_sink_gets_every_event(string how, string reported)
    {
        await using var bed = Bed();
        bed.WriteSubscription("both.yaml", $$"""
            module: test
            subscriptions:
              - name: good
                events: [test.counter]
                sink: { name: test-file, options: { path: {{bed.SinkPath("events.tsv")}} } }
              - name: blocking
                events: [test.counter]
                sink: { name: test-blocking-sink, options: { write: {{how}} } }
            """);
        var host = await bed.StartAsync(Settings());

        var domain = await DomainStartingWithAsync(host, "sink.test-blocking-sink");
        Assert.True(await HostTestBed.Eventually(() => host.Status.HealthChecks.Any(h => h.Domain == domain && !h.Healthy && h.Detail.Contains(reported))), bed.LogText);
        Assert.True(await HostTestBed.Eventually(() => host.Status.Counter(domain, "dropped.sink_failed").Value > 0, TimeSpan.FromSeconds(30)), bed.LogText);
        Assert.True(await HostTestBed.Eventually(() => bed.ReadSink("events.tsv").Count > 3000), bed.LogText);
        var numbers = bed.ReadSink("events.tsv").Select(l => long.Parse(l[1])).ToArray();
        Assert.Equal(Enumerable.Range(1, numbers.Length).Select(i => (long)i), numbers);
        await StopsWithinAsync(host, TimeSpan.FromSeconds(30));
    }

    private static HostTestBed Bed()
    {
        var bed = new HostTestBed();
        bed.Deploy("Recorder.TestPlugins.Counter", "test.counter", 1);
        bed.Deploy("Recorder.TestPlugins.FileSink", "test.filesink", 1);
        bed.Deploy("Recorder.TestPlugins.Hanging", "test.hanging", 1);
        return bed;
    }

    private static void WriteCounterSubscription(HostTestBed bed) =>
        bed.WriteSubscription("counter.yaml", $$"""
            module: test
            subscriptions:
              - name: counter
                events: [test.counter]
                sink: { name: test-file, options: { path: {{bed.SinkPath("events.tsv")}} } }
            """);

    private static Dictionary<string, string> Settings(params string[] hanging) => new()
    {
        ["test.counter"] = "rate_per_second: 2000",
        ["test.hanging"] = hanging.Length == 0 ? "{}" : string.Join("\n", hanging),
    };

    private static async Task<string> DomainStartingWithAsync(Recorder.Host.Runtime.RecorderHost host, string prefix)
    {
        Assert.True(await HostTestBed.Eventually(() => host.Status.Snapshot().Any(r => r.Domain.StartsWith(prefix, StringComparison.Ordinal))));
        return host.Status.Snapshot().First(r => r.Domain.StartsWith(prefix, StringComparison.Ordinal)).Domain;
    }

    private static async Task StopsWithinAsync(Recorder.Host.Runtime.RecorderHost host, TimeSpan limit)
    {
        var stopping = Stopwatch.StartNew();
        await host.StopAsync().WaitAsync(limit + TimeSpan.FromSeconds(30));
        Assert.True(stopping.Elapsed < limit, $"stop took {stopping.Elapsed}");
        Assert.Equal("stopped", host.State);
    }
}

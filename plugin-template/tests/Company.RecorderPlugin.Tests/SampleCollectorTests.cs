using Company.RecorderPlugin.Tests.Support;
using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;

namespace Company.RecorderPlugin.Tests;

public sealed class SampleCollectorTests
{
    private static readonly IReadOnlySet<string> Wanted = new HashSet<string> { SampleEvent.Schema.Name };

    [Fact]
    public async Task Emits_numbered_events_of_its_own_type_with_the_configured_message()
    {
        var collector = new SampleCollector();
        var writer = new RecordingEventWriter();
        var services = new TestPluginServices(new SampleCollectorOptions { IntervalMilliseconds = 10, Message = "from the test" });

        await collector.StartAsync(new CollectorContext(writer, Wanted, services, null), CancellationToken.None);
        await writer.WaitForAsync(3);
        await collector.StopAsync(CancellationToken.None);

        Assert.Contains(SampleEvent.Schema, collector.Produces);
        var events = writer.Written.ToArray();
        Assert.All(events, e => Assert.Equal(SampleEvent.Schema.Name, e.Type));
        Assert.All(events, e => Assert.Equal("from the test", e["sample.message"]));
        Assert.All(events, e => Assert.Equal(Environment.ProcessId, e.Process.Pid));
        Assert.Equal(Enumerable.Range(1, events.Length).Select(i => (long)i), events.Select(e => (long)e["sample.sequence"]!));
        Assert.Equal(events.Length, services.Diagnostics.Counter("emitted").Value);
    }

    [Fact]
    public async Task A_successor_continues_the_numbering_from_the_handed_over_state()
    {
        var first = new SampleCollector();
        var writer = new RecordingEventWriter();
        var services = new TestPluginServices(new SampleCollectorOptions { IntervalMilliseconds = 10 });
        await first.StartAsync(new CollectorContext(writer, Wanted, services, null), CancellationToken.None);
        await writer.WaitForAsync(2);
        var state = await first.StopAsync(CancellationToken.None);
        var last = (long)writer.Written.Last()["sample.sequence"]!;

        var second = new SampleCollector();
        var next = new RecordingEventWriter();
        await second.StartAsync(new CollectorContext(next, Wanted, services, state), CancellationToken.None);
        await next.WaitForAsync(1);
        await second.StopAsync(CancellationToken.None);

        Assert.Equal(last + 1, (long)next.Written.First()["sample.sequence"]!);
    }

    [Fact]
    public async Task An_invalid_interval_is_refused_naming_the_option()
    {
        var services = new TestPluginServices(new SampleCollectorOptions { IntervalMilliseconds = 0 });
        var error = await Assert.ThrowsAsync<PluginOptionsException>(() =>
            new SampleCollector().StartAsync(new CollectorContext(new RecordingEventWriter(), Wanted, services, null), CancellationToken.None));
        Assert.Equal("interval_milliseconds", error.Option);
    }
}

using Company.RecorderPlugin.Tests.Support;
using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;

namespace Company.RecorderPlugin.Tests;

public sealed class SampleEnricherTests
{
    [Fact]
    public async Task Tags_every_event_with_the_configured_tag()
    {
        var enricher = new SampleEnricher();
        var services = new TestPluginServices(new SampleEnricherOptions { Tag = "site", Value = "lab-7" });
        await enricher.StartAsync(services, null, CancellationToken.None);

        var start = new RecorderEvent(EventSchemas.ProcessStart);
        var connect = new RecorderEvent(EventSchemas.NetworkConnect);
        enricher.Enrich(start);
        enricher.Enrich(connect);

        Assert.Equal("lab-7", start.Tags["site"]);
        Assert.Equal("lab-7", connect.Tags["site"]);
        Assert.Equal(2, services.Diagnostics.Counter("tagged").Value);
    }

    [Fact]
    public async Task With_event_types_set_only_those_types_are_tagged()
    {
        var enricher = new SampleEnricher();
        await enricher.StartAsync(new TestPluginServices(new SampleEnricherOptions { EventTypes = [EventTypes.ProcessStart] }), null, CancellationToken.None);

        var start = new RecorderEvent(EventSchemas.ProcessStart);
        var connect = new RecorderEvent(EventSchemas.NetworkConnect);
        enricher.Enrich(start);
        enricher.Enrich(connect);

        Assert.True(start.Tags.ContainsKey("site"));
        Assert.False(connect.HasTags);
    }

    [Fact]
    public async Task A_malformed_event_type_is_refused_naming_the_option()
    {
        var services = new TestPluginServices(new SampleEnricherOptions { EventTypes = ["Process Start"] });
        var error = await Assert.ThrowsAsync<PluginOptionsException>(() => new SampleEnricher().StartAsync(services, null, CancellationToken.None));
        Assert.Equal("event_types", error.Option);
    }
}

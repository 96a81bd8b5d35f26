using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;
using Recorder.Host.Diagnostics;
using Recorder.Host.Pipeline;
using Recorder.Host.Status;

namespace Recorder.Host.Tests.Pipeline;

/// <summary>An enricher that keeps throwing is suspended for longer each time (2 s, 4 s, ...), as documented.</summary>
public sealed class EnricherBackoffTests
{
    [Fact]
    public async Task Each_suspension_of_a_throwing_enricher_doubles_the_last()
    {
        var status = new StatusBoard();
        var chain = EnricherChain.Empty(new HostLog(TextWriter.Null), status).With("thrower", 1, "test", new Thrower());
        var e = new RecorderEvent(EventSchemas.ProcessStart);

        for (var i = 0; i < 10; i++) chain.Enrich(e);
        Assert.Contains("suspended for 2 s", Health(status));
        Assert.True(chain.Slots[0].IsBypassed);

        await Task.Delay(TimeSpan.FromSeconds(2.2));
        for (var i = 0; i < 10; i++) chain.Enrich(e);
        Assert.Contains("suspended for 4 s", Health(status));
        Assert.Equal(20, status.Counter("enricher.thrower", "failures").Value);
    }

    private static string Health(StatusBoard status) =>
        status.HealthChecks.Single(h => h.Domain == "enricher.thrower").Detail;

    private sealed class Thrower : IEnricher
    {
        public void Enrich(RecorderEvent recorderEvent) => throw new InvalidOperationException("always");
    }
}

using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;
using Recorder.Host.Diagnostics;
using Recorder.Host.Pipeline;
using Recorder.Host.Status;

namespace Recorder.Host.Tests.Pipeline;

/// <summary>
/// The watchdog that bypasses a hung enricher stops ticking when no events come (an idle recorder has no periodic
/// work) and is back the moment they do: a call that hangs on the first event after a quiet spell is caught too.
/// </summary>
public sealed class PipelineWatchdogTests
{
    [Fact]
    public async Task An_enrich_call_that_hangs_on_the_first_event_after_a_quiet_spell_is_bypassed()
    {
        var status = new StatusBoard();
        var log = new HostLog(TextWriter.Null);
        var enricher = new HangsOnMarkedEvent();
        var pipeline = new EventPipeline(1024, log, status, enrichTimeout: TimeSpan.FromMilliseconds(200));
        pipeline.SetEnrichers(EnricherChain.Empty(log, status).With("hangs-on-mark", 1, "test", enricher));
        pipeline.Start();
        try
        {
            Assert.True(pipeline.TryWrite(new RecorderEvent(EventSchemas.ProcessStart)));
            Assert.True(await Eventually(() => status.Counter("pipeline", "not_subscribed").Value == 1));

            // Quiet for many watch periods (50 ms here): the watchdog has disarmed itself.
            await Task.Delay(TimeSpan.FromSeconds(1));
            var hanging = new RecorderEvent(EventSchemas.ProcessStart) { Tags = { ["hang"] = "yes" } };
            Assert.True(pipeline.TryWrite(hanging));
            Assert.True(await Eventually(() => status.Counter("pipeline", DropReasons.EnricherHung).Value == 1),
                "the hung enrich call was not bypassed after a quiet spell");

            // Processing goes on, on a new thread.
            Assert.True(pipeline.TryWrite(new RecorderEvent(EventSchemas.ProcessStart)));
            Assert.True(await Eventually(() => status.Counter("pipeline", "not_subscribed").Value == 2));
        }
        finally
        {
            enricher.Release.Set();
            await pipeline.DrainAsync(TimeSpan.FromSeconds(5));
        }
    }

    private static async Task<bool> Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(20);
        }
        return true;
    }

    private sealed class HangsOnMarkedEvent : IEnricher
    {
        public ManualResetEventSlim Release { get; } = new(false);

        public void Enrich(RecorderEvent recorderEvent)
        {
            if (recorderEvent.Tags.ContainsKey("hang")) Release.Wait();
        }
    }
}

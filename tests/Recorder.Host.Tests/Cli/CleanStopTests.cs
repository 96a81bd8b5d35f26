using System.Diagnostics;
using Recorder.Host.Tests.Runtime;
using Recorder.Tests.Shared;

namespace Recorder.Host.Tests.Cli;

/// <summary>A real `recorder run` process, a real SIGTERM under load: everything the host accepted is stored.</summary>
public sealed class CleanStopTests
{
    [Fact]
    public async Task Sigterm_under_load_drains_every_accepted_event_into_the_sink_even_when_that_takes_longer_than_2_s()
    {
        if (!KernelAudit.IsRoot) return; // plugin folders must be root-owned for `recorder run`
        await using var bed = new HostTestBed();
        bed.Deploy("Recorder.TestPlugins.Counter", "test.counter", 1);
        bed.Deploy("Recorder.TestPlugins.FileSink", "test.filesink", 1);
        // A slow sink (100 events per 50 ms batch, 2,000/s) behind a fast counter (10,000/s): the queue grows, so the
        // drain after SIGTERM takes several seconds, longer than System.CommandLine's default 2 s termination timeout.
        bed.WriteSubscription("counter.yaml", $$"""
            module: test
            subscriptions:
              - name: counter
                events: [test.counter]
                sink: { name: test-file, options: { path: {{bed.SinkPath("events.tsv")}}, delay_ms_per_batch: 50 } }
            """);
        var report = Path.Combine(bed.Output, "offered.txt");
        var config = Path.Combine(bed.Root, "recorder.yaml");
        File.WriteAllText(config, $$"""
            data_dir: {{bed.Data}}
            plugin_dirs: [{{bed.Plugins}}]
            trust_store: {{bed.Trust}}
            subscription_dirs: [{{bed.Subscriptions}}]
            pipeline:
              batch_size: 100
              batch_delay_ms: 10
              drain_timeout_s: 60
            plugins:
              test.counter:
                rate_per_second: 10000
                report_path: {{report}}
            """);
        using var recorder = RecorderCli.Start("run", "--config", config);

        Assert.True(await HostTestBed.Eventually(() => bed.ReadSink("events.tsv").Count > 500, TimeSpan.FromSeconds(60)), "nothing recorded: " + recorder.Errors());
        await Task.Delay(1500);
        var signalledAt = Stopwatch.StartNew();
        recorder.Signal(RecorderCli.Sigterm);
        Assert.True(recorder.Process.WaitForExit(90_000), "recorder did not stop");
        var errors = recorder.Errors();

        Assert.Equal(0, recorder.Process.ExitCode);
        Assert.Contains("stopped", errors);
        Assert.True(signalledAt.Elapsed > TimeSpan.FromSeconds(2), $"the drain took only {signalledAt.Elapsed}: the test did not load the sink enough to prove anything");
        var offered = long.Parse(File.ReadAllText(report));
        var stored = bed.ReadSink("events.tsv").Select(l => long.Parse(l[1])).ToArray();
        Assert.Equal(offered, stored.LongLength);
        Assert.Equal(Enumerable.Range(1, stored.Length).Select(i => (long)i), stored);
    }
}

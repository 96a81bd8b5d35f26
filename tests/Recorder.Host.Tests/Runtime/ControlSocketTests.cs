using System.Text.Json;
using Recorder.Host.Runtime;
using Recorder.Host.Status;
using Recorder.Tests.Shared;

namespace Recorder.Host.Tests.Runtime;

/// <summary>`recorder status` talks to the running host over its root-only control socket.</summary>
public sealed class ControlSocketTests
{
    [Fact]
    public async Task Status_over_the_socket_lists_plugins_subscriptions_collectors_and_sinks()
    {
        await using var bed = new HostTestBed();
        bed.Deploy("Recorder.TestPlugins.Counter", "test.counter", 7, "1.2.3");
        bed.Deploy("Recorder.TestPlugins.FileSink", "test.filesink", 1);
        bed.WriteSubscription("counter.yaml", $$"""
            module: test
            subscriptions:
              - name: counter
                events: [test.counter]
                sink: { name: test-file, options: { path: {{bed.SinkPath("events.tsv")}} } }
            """);
        await bed.StartAsync(options: new RecorderHostOptions
        {
            RequireRootOwnedPlugins = KernelAudit.IsRoot,
            OpenControlSocket = true,
            WatchFolders = false,
        });
        Assert.True(await HostTestBed.Eventually(() => bed.ReadSink("events.tsv").Count > 10));

        var socket = Path.Combine(bed.Data, "recorder.sock");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(socket));
        var json = await ControlClient.SendAsync(socket, "status", TimeSpan.FromSeconds(10));
        using var document = JsonDocument.Parse(json);
        var rows = document.RootElement.GetProperty("rows").EnumerateArray()
            .Select(r => (r.GetProperty("domain").GetString(), r.GetProperty("name").GetString(), r.GetProperty("value").GetString()))
            .ToArray();
        Assert.Contains(rows, r => r.Item1 == "plugin" && r.Item2 == "test.counter" && r.Item3!.StartsWith("loaded 1.2.3 (sequence 7)", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Item1 == "subscription" && r.Item2 == "test/counter");
        Assert.Contains(rows, r => r.Item1 == "collector.test-counter" && r.Item2 == "source" && r.Item3 == "counter");
        Assert.Contains(rows, r => r.Item1 == "collector.test-counter" && r.Item2 == "state" && r.Item3 == "running");
        Assert.Contains(rows, r => r.Item1!.StartsWith("sink.test-file", StringComparison.Ordinal) && r.Item2 == "written" && long.Parse(r.Item3!) > 0);
        Assert.Contains(rows, r => r.Item1 == "pipeline" && r.Item2 == "received");

        var unknown = await ControlClient.SendAsync(socket, "explode", TimeSpan.FromSeconds(10));
        Assert.Contains("unknown command", unknown);
    }
}

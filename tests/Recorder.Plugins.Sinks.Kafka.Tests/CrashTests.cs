using System.Diagnostics;
using Recorder.Plugins.Sinks.Kafka.Tests.Support;

namespace Recorder.Plugins.Sinks.Kafka.Tests;

public sealed class CrashTests
{
    private const string Topic = "recorder-events";

    [Fact]
    public async Task A_sink_killed_with_a_spooled_backlog_delivers_the_rest_after_a_restart()
    {
        using var cluster = new MockCluster(3);
        cluster.CreateTopic(Topic, 4);
        using var dir = new TempDirectory();
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(SpoolWriter).Assembly.Location);
        start.ArgumentList.Add("spool-writer");
        start.ArgumentList.Add(cluster.Bootstraps);
        start.ArgumentList.Add(dir.Path);
        using var child = Process.Start(start)!;
        try
        {
            Assert.Equal("delivered", await ReadLine(child));
            cluster.AllBrokersDown();
            await child.StandardInput.WriteLineAsync("more");
            await child.StandardInput.FlushAsync();
            var spooled = await ReadLine(child);
            Assert.StartsWith("spooled ", spooled);
            Assert.True(long.Parse(spooled["spooled ".Length..]) > 0, spooled);
        }
        finally
        {
            child.Kill(); // SIGKILL: no shutdown, no last cursor save
            await child.WaitForExitAsync();
        }

        cluster.AllBrokersUp();
        var services = new FakePluginServices(dir.Path);
        var sink = KafkaTestSink.Create(services, cluster.Bootstraps, dir.File("spool"));
        var events = SpoolWriter.Events(DateTime.UtcNow);
        using var reader = new TopicReader(cluster.Bootstraps, Topic, 4);
        var received = reader.ReadAll(events.Select(e => e.Id).ToList());
        Assert.True(await KafkaTestSink.Eventually(() => sink.Backlog == 0));
        await sink.ShutdownAsync(default);

        var duplicates = Deliveries.AssertEveryEventArrived(events, received);
        Deliveries.AssertOrderedPerProcess(events, received, sameGuids: false);
        // The restarted sink sent the backlog, and counts what may have been sent before the kill.
        Assert.True(services.CounterValue("delivered") >= SpoolWriter.Count / 2, $"delivered after restart: {services.CounterValue("delivered")}");
        Assert.True(duplicates <= services.CounterValue("resent_after_restart"), $"{duplicates} duplicates, {services.CounterValue("resent_after_restart")} counted");
    }

    private static async Task<string> ReadLine(Process child)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var line = await child.StandardOutput.ReadLineAsync(timeout.Token);
        return line ?? "exited: " + await child.StandardError.ReadToEndAsync();
    }
}

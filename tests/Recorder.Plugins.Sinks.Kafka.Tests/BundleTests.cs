using Recorder.Host.Tests.Runtime;
using Recorder.Plugins.Sinks.Kafka.Tests.Support;
using Recorder.Trust;

namespace Recorder.Plugins.Sinks.Kafka.Tests;

/// <summary>The built, signed bundle loaded by the real host into its own load context, producing to the mock cluster.</summary>
public sealed class BundleTests
{
    private const string Id = "recorder.sinks.kafka";
    private const string Entry = "Recorder.Plugins.Sinks.Kafka.dll";

    [Fact]
    public async Task The_bundle_carries_librdkafka_and_the_host_loaded_plugin_produces_with_it()
    {
        var bundle = Path.Combine(Recorder.Tests.Shared.RepoPaths.Root, "artifacts", "plugins", Id);
        Assert.True(File.Exists(Path.Combine(bundle, "runtimes", "linux-x64", "native", "librdkafka.so")), "librdkafka for linux-x64 in the bundle");
        Assert.True(File.Exists(Path.Combine(bundle, "Confluent.Kafka.dll")));
        Assert.True(File.Exists(Path.Combine(bundle, "Recorder.JsonLines.dll")));

        using var cluster = new MockCluster(3);
        cluster.CreateTopic("recorder.test", 2);
        await using var bed = new HostTestBed();
        bed.Deploy("Recorder.TestPlugins.Counter", "test.counter", 1);
        var deployed = bed.DeployBuiltIn(Id, Entry, PluginKind.Sink, 1);
        bed.WriteSubscription("kafka.yaml", $$"""
            module: test
            subscriptions:
              - name: stream
                events: [test.counter]
                sink: { name: kafka, options: { brokers: "{{cluster.Bootstraps}}", topic: "recorder.{category}", format: recorder, spool_path: {{bed.SinkPath("spool")}} } }
            """);
        await bed.StartAsync(new() { ["test.counter"] = "rate_per_second: 200" });

        using var reader = new TopicReader(cluster.Bootstraps, "recorder.test", 2);
        var received = reader.ReadUntil(r => r.Count >= 100, TimeSpan.FromSeconds(90));
        var status = string.Join("\n", bed.Host!.StatusRows().Where(r => r.Domain.Contains("kafka", StringComparison.Ordinal)).Select(r => $"{r.Domain} {r.Name} = {r.Value}"));
        Assert.True(received.Count >= 100, $"{received.Count} messages\n{status}\n{bed.LogText}");
        Assert.All(received, r => Assert.Equal("test.counter", r.Type));
        // The plugin loaded the librdkafka of its own (deployed or staged) folder, not the tests' copy.
        var loaded = File.ReadAllLines("/proc/self/maps").Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "")
            .Where(p => p.Contains("/runtimes/linux-x64/native/", StringComparison.Ordinal) && p.EndsWith("librdkafka.so", StringComparison.Ordinal)).Distinct().ToList();
        Assert.True(loaded.Any(p => p.StartsWith(bed.Root, StringComparison.Ordinal)), $"librdkafka loaded from: {string.Join(", ", loaded)}; deployed at {deployed}");
        // The sink's counters and rows reach the host's status.
        Assert.True(await HostTestBed.Eventually(() => bed.Host!.StatusRows().Any(r => r.Name == "delivered" && long.TryParse(r.Value, out var n) && n >= 100)), status);
        Assert.Contains(bed.Host!.StatusRows(), r => r.Name == "brokers" && r.Value.StartsWith(cluster.Bootstraps, StringComparison.Ordinal));
    }
}

using Recorder.Host.Configuration;
using YamlDotNet.RepresentationModel;

namespace Recorder.Plugins.Sinks.Kafka.Tests.Support;

/// <summary>Makes the sink the way the host does: YAML options bound by the host's binder, then the provider.</summary>
public static class KafkaTestSink
{
    public const string HostId = "test-host";

    public static IPluginOptions Options(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return YamlPluginOptions.FromNode(stream.Documents[0].RootNode, "test.yaml");
    }

    /// <summary>A sink with the recorder format (event.id in every message) and a fast statistics interval.</summary>
    public static KafkaSink Create(FakePluginServices services, string brokers, string spool, string extra = "", int messageTimeoutMs = 0,
        string format = "recorder", string topic = "recorder-events")
    {
        var yaml = $$"""
            brokers: "{{brokers}}"
            topic: "{{topic}}"
            format: {{format}}
            host_id: {{HostId}}
            spool_path: {{spool}}
            unhealthy_after_seconds: 1
            producer: { statistics.interval.ms: "200", reconnect.backoff.max.ms: "500", message.timeout.ms: "{{messageTimeoutMs}}" }
            {{extra}}
            """;
        return (KafkaSink)new KafkaSinkProvider().CreateSink(new SinkContext(Options(yaml), services));
    }

    public static async Task WriteAsync(this ISink sink, IEnumerable<RecorderEvent> events, int batchSize = 200)
    {
        var batch = new List<RecorderEvent>(batchSize);
        foreach (var e in events)
        {
            batch.Add(e);
            if (batch.Count < batchSize) continue;
            await sink.WriteBatchAsync(batch, default);
            batch = new List<RecorderEvent>(batchSize);
        }
        if (batch.Count > 0) await sink.WriteBatchAsync(batch, default);
    }

    /// <summary>Polls until true or the timeout passes.</summary>
    public static async Task<bool> Eventually(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            if (condition()) return true;
            await Task.Delay(50);
        }
        return condition();
    }
}

using System.Text.Json;
using Confluent.Kafka;

namespace Recorder.Plugins.Sinks.Kafka.Tests.Support;

/// <summary>One message read back from the cluster.</summary>
public sealed record Received(string Key, int Partition, long Offset, long EventId, string Type, JsonElement Value);

/// <summary>Reads every partition of a topic from the beginning with a real Confluent.Kafka consumer.</summary>
public sealed class TopicReader : IDisposable
{
    private readonly IConsumer<string, string> _consumer;
    private readonly List<Received> _received = [];

    public TopicReader(string brokers, string topic, int partitions)
    {
        _consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = brokers,
            GroupId = "test-reader-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).SetLogHandler((_, _) => { }).Build();
        _consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
    }

    public IReadOnlyList<Received> Received => _received;

    /// <summary>Reads until <paramref name="done"/> holds for what was read, or the timeout passes.</summary>
    public IReadOnlyList<Received> ReadUntil(Func<IReadOnlyList<Received>, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (!done(_received) && DateTime.UtcNow < deadline)
        {
            var result = _consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result?.Message is null) continue;
            var value = JsonDocument.Parse(result.Message.Value).RootElement.Clone();
            var (id, type) = Identify(value);
            _received.Add(new Received(result.Message.Key, result.Partition.Value, result.Offset.Value, id, type, value));
        }
        return _received;
    }

    /// <summary>Reads until every id in <paramref name="ids"/> has arrived (or the timeout).</summary>
    public IReadOnlyList<Received> ReadAll(IReadOnlyCollection<long> ids, TimeSpan? timeout = null)
    {
        var wanted = ids.ToHashSet();
        var seen = new HashSet<long>();
        var scanned = 0;
        return ReadUntil(received =>
        {
            for (; scanned < received.Count; scanned++) if (wanted.Contains(received[scanned].EventId)) seen.Add(received[scanned].EventId);
            return seen.Count == wanted.Count;
        }, timeout);
    }

    // The recorder format has flat event.id / event.type; an ECS document has event.id (text) and event.action.
    private static (long Id, string Type) Identify(JsonElement value)
    {
        if (value.TryGetProperty("event.id", out var flatId))
            return (flatId.GetInt64(), value.TryGetProperty("event.type", out var t) ? t.GetString() ?? "" : "");
        if (value.TryGetProperty("event", out var ecs) && ecs.ValueKind == JsonValueKind.Object)
            return (ecs.TryGetProperty("id", out var id) && long.TryParse(id.GetString(), out var n) ? n : -1,
                ecs.TryGetProperty("action", out var action) ? action.GetString() ?? "" : "");
        return (-1, "");
    }

    public void Dispose()
    {
        _consumer.Close();
        _consumer.Dispose();
    }
}

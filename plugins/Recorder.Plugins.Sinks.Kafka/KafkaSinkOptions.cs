using System.Globalization;
using Recorder.Contracts.Plugins;

namespace Recorder.Plugins.Sinks.Kafka;

/// <summary>The <c>options:</c> of a <c>sink: kafka</c> subscription.</summary>
public sealed class KafkaSinkOptions
{
    /// <summary><c>brokers</c>: bootstrap brokers, <c>host:port</c> separated by commas (required).</summary>
    public string Brokers { get; set; } = "";
    /// <summary><c>topic</c>: one topic, or a template with <c>{category}</c> (the event type's first part: process, file, network, session, recorder…).</summary>
    public string Topic { get; set; } = "recorder-events";
    /// <summary><c>format</c>: <c>ecs</c> (Elastic Common Schema documents, default) or <c>recorder</c> (the journal's JSON line).</summary>
    public string Format { get; set; } = "ecs";
    /// <summary><c>compression</c>: none, gzip, snappy, lz4 (default) or zstd.</summary>
    public string Compression { get; set; } = "lz4";
    /// <summary><c>host_id</c>: this host's part of every message key (default: /etc/machine-id, else the host name).</summary>
    public string? HostId { get; set; }
    /// <summary><c>producer</c>: any other librdkafka setting (TLS, SASL, linger.ms…), passed through as given.</summary>
    public Dictionary<string, string>? Producer { get; set; }
    /// <summary><c>spool_path</c>: folder of the local spool; relative paths are under the host's data folder.</summary>
    public string SpoolPath { get; set; } = "kafka-spool";
    /// <summary><c>spool_max_mb</c>: budget of the spool; beyond it the oldest undelivered events are dropped (default 1024).</summary>
    public double SpoolMaxMb { get; set; } = 1024;
    /// <summary><c>spool_segment_mb</c>: size of one spool file (default 16; at most half the budget).</summary>
    public double SpoolSegmentMb { get; set; } = 16;
    /// <summary><c>unhealthy_after_seconds</c>: how long no broker may be reachable before the sink reports itself unhealthy (default 30).</summary>
    public double UnhealthyAfterSeconds { get; set; } = 30;

    // Settings the sink's delivery guarantee depends on: the spool's cursor only means something with them.
    private static readonly Dictionary<string, string> Guaranteed = new(StringComparer.Ordinal)
    {
        ["acks"] = "all",
        ["request.required.acks"] = "all",
        ["enable.idempotence"] = "true",
    };

    // Set by the sink itself from its own options.
    private static readonly HashSet<string> OwnSettings = new(StringComparer.Ordinal)
    {
        "bootstrap.servers", "metadata.broker.list", "compression.type", "compression.codec",
    };

    /// <summary>Checks the values; throws <see cref="PluginOptionsException"/> naming the bad option.</summary>
    public KafkaSettings Validate(string hostDataDirectory)
    {
        var brokers = Brokers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (brokers.Length == 0) throw new PluginOptionsException("brokers", "must name at least one broker, such as kafka1:9092,kafka2:9092");
        foreach (var broker in brokers)
        {
            var colon = broker.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(broker.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
                throw new PluginOptionsException("brokers", $"'{broker}' is not host:port");
        }
        var topic = TopicTemplate.Parse(Topic);
        var format = Format.ToLowerInvariant() switch
        {
            "ecs" => MessageFormat.Ecs,
            "recorder" => MessageFormat.Recorder,
            _ => throw new PluginOptionsException("format", $"must be ecs or recorder, not '{Format}'"),
        };
        var compression = Compression.ToLowerInvariant();
        if (compression is not ("none" or "gzip" or "snappy" or "lz4" or "zstd"))
            throw new PluginOptionsException("compression", $"must be none, gzip, snappy, lz4 or zstd, not '{Compression}'");
        if (HostId is not null && (HostId.Length == 0 || HostId.Contains('/')))
            throw new PluginOptionsException("host_id", "must be a non-empty name without '/'");
        var producer = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in Producer ?? [])
        {
            if (OwnSettings.Contains(key))
                throw new PluginOptionsException($"producer.{key}", "is set by the sink: use the sink's own option (brokers, compression)");
            if (Guaranteed.TryGetValue(key, out var required) && !string.Equals(value, required, StringComparison.OrdinalIgnoreCase)
                && !(key.EndsWith("acks", StringComparison.Ordinal) && value == "-1"))
                throw new PluginOptionsException($"producer.{key}", $"must stay {required}: the spool's at-least-once delivery depends on it");
            producer[key] = value;
        }
        if (string.IsNullOrWhiteSpace(SpoolPath)) throw new PluginOptionsException("spool_path", "must name a folder, such as kafka-spool");
        if (!(SpoolMaxMb >= 0.1)) throw new PluginOptionsException("spool_max_mb", $"must be at least 0.1, not {SpoolMaxMb}");
        if (!(SpoolSegmentMb >= 0.01)) throw new PluginOptionsException("spool_segment_mb", $"must be at least 0.01, not {SpoolSegmentMb}");
        if (SpoolSegmentMb * 2 > SpoolMaxMb)
            throw new PluginOptionsException("spool_segment_mb", $"({SpoolSegmentMb}) must be at most half of spool_max_mb ({SpoolMaxMb})");
        if (!(UnhealthyAfterSeconds > 0)) throw new PluginOptionsException("unhealthy_after_seconds", $"must be more than 0, not {UnhealthyAfterSeconds}");
        var folder = Path.GetFullPath(Path.Combine(hostDataDirectory, SpoolPath));
        if (File.Exists(folder)) throw new PluginOptionsException("spool_path", $"'{folder}' is a file; name a folder");
        return new KafkaSettings(string.Join(',', brokers), topic, format, compression, HostId ?? LocalHostId(), producer, folder,
            (long)(SpoolMaxMb * 1048576), (long)(SpoolSegmentMb * 1048576), TimeSpan.FromSeconds(UnhealthyAfterSeconds));
    }

    private static string LocalHostId()
    {
        try
        {
            var id = File.ReadAllText("/etc/machine-id").Trim();
            if (id.Length > 0) return id;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { /* not Linux or not readable */ }
        return Environment.MachineName;
    }
}

/// <summary>How a message's value is written.</summary>
public enum MessageFormat
{
    /// <summary>An Elastic Common Schema document.</summary>
    Ecs,
    /// <summary>The journal's JSON line: the schema's own dotted field names.</summary>
    Recorder,
}

/// <summary>Validated Kafka sink settings.</summary>
public sealed record KafkaSettings(string Brokers, TopicTemplate Topic, MessageFormat Format, string Compression, string HostId,
    IReadOnlyDictionary<string, string> Producer, string SpoolFolder, long SpoolMaxBytes, long SpoolSegmentBytes, TimeSpan UnhealthyAfter)
{
    /// <summary>
    /// At most this much of the spool is handed to the producer and unacknowledged at once (a quarter of the budget,
    /// between 64 KB and 64 MB): enough to keep the brokers busy, small enough that an outage fills the spool, where
    /// the budget and its loss markers apply, rather than the producer's memory.
    /// </summary>
    public long InFlightMaxBytes => Math.Clamp(SpoolMaxBytes / 4, 64 * 1024, 64 * 1024 * 1024);
}

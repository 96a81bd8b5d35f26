using Confluent.Kafka;
using Recorder.Contracts.Plugins;

namespace Recorder.Plugins.Sinks.Kafka;

/// <summary>
/// Makes the sink's producer: acks=all and idempotence (no reordering or duplicates from the client's own retries),
/// the chosen compression, then every <c>producer:</c> setting as given (TLS, SASL, linger.ms…).
/// librdkafka itself is found by Confluent.Kafka through the plugin's deps.json (runtimes/linux-x64/native in the
/// bundle), which the host's plugin load context resolves from the plugin's own folder. Of the builds
/// librdkafka.redist ships, the plain one wants libsasl2.so.3 (not on Debian 12); Confluent.Kafka then falls back to
/// centos8-librdkafka.so, which carries its own.
/// </summary>
internal static class KafkaProducerFactory
{
    // Defaults the operator may override in producer:.
    private static readonly Dictionary<string, string> Defaults = new(StringComparer.Ordinal)
    {
        ["linger.ms"] = "5",
        // Never give up on a message: the idempotent producer then keeps each partition in order through any outage
        // (a message that times out while a later one is delivered would arrive out of order when sent again). The
        // spool holds what does not fit in memory, and survives restarts.
        ["message.timeout.ms"] = "0",
        ["statistics.interval.ms"] = "1000",
        ["queue.buffering.max.messages"] = "100000",
        ["socket.keepalive.enable"] = "true",
    };

    /// <summary>The librdkafka configuration of <paramref name="settings"/>.</summary>
    public static ProducerConfig Config(KafkaSettings settings)
    {
        var values = new Dictionary<string, string>(Defaults, StringComparer.Ordinal) { ["client.id"] = "recorder-" + settings.HostId };
        foreach (var (key, value) in settings.Producer) values[key] = value;
        values["bootstrap.servers"] = settings.Brokers;
        values["acks"] = "all";
        values["enable.idempotence"] = "true";
        values["compression.type"] = settings.Compression;
        return new ProducerConfig(values);
    }

    /// <summary>Builds a producer; a setting librdkafka refuses is a <see cref="PluginOptionsException"/> on <c>producer</c>.</summary>
    public static IProducer<byte[], byte[]> Build(KafkaSettings settings, KafkaSender? sender, IPluginDiagnostics diagnostics)
    {
        var builder = new ProducerBuilder<byte[], byte[]>(Config(settings))
            .SetLogHandler((_, log) => diagnostics.Log(log.Level <= SyslogLevel.Critical ? PluginLogLevel.Error : PluginLogLevel.Debug, $"librdkafka {log.Facility}: {log.Message}"));
        if (sender is not null)
        {
            builder.SetErrorHandler((_, error) => sender.OnClientError(error));
            builder.SetStatisticsHandler((_, json) => sender.OnStatistics(json));
        }
        try
        {
            return builder.Build();
        }
        catch (ArgumentException ex)
        {
            throw new PluginOptionsException("producer", ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            throw new PluginOptionsException("producer", ex.Message);
        }
    }
}

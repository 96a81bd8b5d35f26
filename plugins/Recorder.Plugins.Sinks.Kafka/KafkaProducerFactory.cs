using System.Runtime.InteropServices;
using Confluent.Kafka;
using Recorder.Contracts.Plugins;

namespace Recorder.Plugins.Sinks.Kafka;

/// <summary>
/// Makes the sink's producer: acks=all and idempotence (no reordering or duplicates from the client's own retries),
/// the chosen compression, then every <c>producer:</c> setting as given (TLS, SASL, linger.ms…).
/// </summary>
internal static class KafkaProducerFactory
{
    // Defaults the operator may override in producer:.
    private static readonly Dictionary<string, string> Defaults = new(StringComparer.Ordinal)
    {
        ["linger.ms"] = "5",
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
        NativeLibrary.EnsureLoaded();
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

    /// <summary>
    /// Loads librdkafka from the plugin's own folder. The host loads the plugin in its own load context, where
    /// Confluent.Kafka's search from the application's folder would not find the copy shipped in the bundle.
    /// </summary>
    private static class NativeLibrary
    {
        private static readonly Lock Gate = new();

        public static void EnsureLoaded()
        {
            lock (Gate)
            {
                if (Library.IsLoaded) return;
                var folder = Path.GetDirectoryName(typeof(KafkaProducerFactory).Assembly.Location);
                if (string.IsNullOrEmpty(folder) || !OperatingSystem.IsLinux()) return;
                var arch = RuntimeInformation.ProcessArchitecture switch { Architecture.Arm64 => "linux-arm64", _ => "linux-x64" };
                var candidates = new[]
                {
                    Path.Combine(folder, "runtimes", arch, "native", "librdkafka.so"),
                    Path.Combine(folder, "librdkafka.so"),
                };
                foreach (var path in candidates)
                    if (File.Exists(path)) { Library.Load(path); return; }
            }
        }
    }
}

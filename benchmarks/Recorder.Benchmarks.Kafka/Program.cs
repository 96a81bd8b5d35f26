using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Recorder.Benchmarks.Kafka;
using Recorder.Contracts.Events;
using Recorder.Plugins.Sinks.Kafka;
using Recorder.Plugins.Sinks.Kafka.Tests.Support;
using Recorder.Plugins.Sinks.Sqlite.Tests.Support;

// Kafka benchmark: events/s through the Kafka sink (spool, sender, delivery reports) into librdkafka's mock cluster,
// next to a bare Confluent.Kafka producer sending the same messages (same keys, values and producer settings) in the
// same run: once with the messages made before the clock starts (the producer alone), once formatting each event as
// it sends it (a sink without the spool). All wait for every delivery report.
//   dotnet run -c Release --project benchmarks/Recorder.Benchmarks.Kafka -- [--events N] [--format ecs|recorder] [--batch N]
var events = 200_000;
var format = "ecs";
var batchSize = 1000;
for (var i = 0; i < args.Length - 1; i += 2)
{
    switch (args[i])
    {
        case "--events": events = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--format": format = args[i + 1]; break;
        case "--batch": batchSize = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
    }
}
Console.WriteLine($"kafka benchmark: {events:N0} events, format {format}, batches of {batchSize}, mock cluster of 3 brokers, 4 partitions");
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");

using var cluster = new MockCluster(3);
cluster.CreateTopic("bench-bare", 4);
cluster.CreateTopic("bench-bare-formatting", 4);
cluster.CreateTopic("bench-sink", 4);
var spool = Directory.CreateTempSubdirectory("recorder-kafka-bench-").FullName;
try
{
    var mix = Events.Mix(DateTime.UtcNow.AddHours(-1), TimeSpan.FromMilliseconds(1), events).ToList();
    KafkaSettings Settings(string topic) => new KafkaSinkOptions
    {
        Brokers = cluster.Bootstraps, Topic = topic, Format = format, HostId = "bench-host", SpoolPath = spool, SpoolMaxMb = 4096, SpoolSegmentMb = 64,
    }.Validate(spool);

    // 1. The bare producer: the very messages the sink would send, made before the clock starts.
    var bareSettings = Settings("bench-bare");
    var lines = new SpoolLineWriter(bareSettings);
    var messages = new List<(string Topic, Message<byte[], byte[]> Message)>(mix.Count);
    foreach (var e in mix)
    {
        lines.Clear();
        lines.Write(e);
        SpoolLine.TryParse(lines.Written.Span[..^1], t => System.Text.Encoding.UTF8.GetString(t), out var line);
        messages.Add((line.Topic, new Message<byte[], byte[]> { Key = line.Key.ToArray(), Value = line.Value.ToArray() }));
    }
    var bytes = messages.Sum(m => (long)m.Message.Value.Length);
    double bare;
    using (var producer = new ProducerBuilder<byte[], byte[]>(KafkaProducerFactory.Config(bareSettings)).SetLogHandler((_, _) => { }).Build())
    {
        long failed = 0;
        Action<DeliveryReport<byte[], byte[]>> report = r => { if (r.Error.IsError) Interlocked.Increment(ref failed); };
        var clock = Stopwatch.StartNew();
        foreach (var (topic, message) in messages)
        {
            while (true)
            {
                try { producer.Produce(topic, message, report); break; }
                catch (ProduceException<byte[], byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull) { producer.Poll(TimeSpan.FromMilliseconds(5)); }
            }
        }
        producer.Flush(TimeSpan.FromMinutes(5));
        bare = events / clock.Elapsed.TotalSeconds;
        Console.WriteLine($"bare producer (pre-made messages):   {bare,12:N0} events/s  ({bytes / (double)events:F0} B/message, {failed} failed)");
    }

    // 2. A bare producer that formats each event as it sends it (what a sink without a spool would do): the same
    //    value writer, key and producer settings as the sink.
    double bareFormatting;
    using (var producer = new ProducerBuilder<byte[], byte[]>(KafkaProducerFactory.Config(Settings("bench-bare-formatting"))).SetLogHandler((_, _) => { }).Build())
    {
        var valueWriter = EventValueWriters.For(bareSettings.Format);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(64 * 1024);
        using var json = new System.Text.Json.Utf8JsonWriter(buffer, new System.Text.Json.JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });
        Action<DeliveryReport<byte[], byte[]>> report = _ => { };
        var clock = Stopwatch.StartNew();
        foreach (var e in mix)
        {
            buffer.ResetWrittenCount();
            json.Reset(buffer);
            valueWriter.Write(json, e);
            json.Flush();
            var message = new Message<byte[], byte[]> { Key = System.Text.Encoding.UTF8.GetBytes($"bench-host/{e.Process.ProcessGuid:D}"), Value = buffer.WrittenSpan.ToArray() };
            while (true)
            {
                try { producer.Produce("bench-bare-formatting", message, report); break; }
                catch (ProduceException<byte[], byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull) { producer.Poll(TimeSpan.FromMilliseconds(5)); }
            }
        }
        producer.Flush(TimeSpan.FromMinutes(5));
        bareFormatting = events / clock.Elapsed.TotalSeconds;
        Console.WriteLine($"bare producer (formats as it sends): {bareFormatting,12:N0} events/s");
    }

    // 3. The sink: formatting, the spool on disk, the sender, the cursor; timed until Kafka acknowledged the last event.
    var diagnostics = new BenchmarkDiagnostics();
    var sink = new KafkaSink(Settings("bench-sink"), diagnostics, TimeProvider.System);
    var sinkClock = Stopwatch.StartNew();
    var batch = new List<RecorderEvent>(batchSize);
    foreach (var e in mix)
    {
        batch.Add(e);
        if (batch.Count < batchSize) continue;
        await sink.WriteBatchAsync(batch, default);
        batch = new List<RecorderEvent>(batchSize);
    }
    if (batch.Count > 0) await sink.WriteBatchAsync(batch, default);
    var written = sinkClock.Elapsed;
    while (sink.Backlog > 0) await Task.Delay(1);
    var sinkRate = events / sinkClock.Elapsed.TotalSeconds;
    await sink.ShutdownAsync(default);
    Console.WriteLine($"kafka sink (spool + sender):         {sinkRate,12:N0} events/s  (write path alone {events / written.TotalSeconds:N0} events/s; delivered {diagnostics.Value("delivered"):N0}, re-sent {diagnostics.Value("resent_after_error")})");
    Console.WriteLine($"ratio sink / bare producer formatting the same messages: {sinkRate / bareFormatting:P0} (target >= 80 %)");
    Console.WriteLine($"ratio sink / bare producer with pre-made messages:       {sinkRate / bare:P0}");
    return 0;
}
finally
{
    Directory.Delete(spool, recursive: true);
}

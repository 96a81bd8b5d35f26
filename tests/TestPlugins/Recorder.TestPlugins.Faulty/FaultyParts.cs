using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;

namespace Recorder.TestPlugins.Faulty;

/// <summary>An enricher that throws on every event: the host must isolate it.</summary>
[Enricher("test-throwing-enricher", Order = 10)]
public sealed class ThrowingEnricher : IEnricher
{
    public void Enrich(RecorderEvent recorderEvent) => throw new InvalidOperationException("test enricher always throws");
}

/// <summary>A sink that throws on every batch: the host must count the drops and keep other sinks going.</summary>
[Sink("test-throwing-sink")]
public sealed class ThrowingSinkProvider : ISinkProvider
{
    public ISink CreateSink(SinkContext context) => new ThrowingSink();

    private sealed class ThrowingSink : ISink
    {
        public ValueTask WriteBatchAsync(IReadOnlyList<RecorderEvent> batch, CancellationToken cancellationToken) =>
            throw new IOException("test sink always fails");
        public ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
        public ValueTask ShutdownAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}

/// <summary>A sink whose writes never finish: the host must treat it as hung.</summary>
[Sink("test-hanging-sink")]
public sealed class HangingSinkProvider : ISinkProvider
{
    public ISink CreateSink(SinkContext context) => new HangingSink();

    private sealed class HangingSink : ISink
    {
        public async ValueTask WriteBatchAsync(IReadOnlyList<RecorderEvent> batch, CancellationToken cancellationToken) =>
            await Task.Delay(Timeout.Infinite, CancellationToken.None);
        public ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
        public ValueTask ShutdownAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}

/// <summary>A collector whose start always throws: the host must report it and retry with backoff.</summary>
[Collector("test-crashing-collector", OperatingSystems = TargetOs.Any)]
public sealed class CrashingCollector : ICollector
{
    public static readonly EventSchema Schema = new("test.crash", "Never emitted.", []);
    public IReadOnlyList<EventSchema> Produces { get; } = [Schema];
    public Task StartAsync(CollectorContext context, CancellationToken cancellationToken) => throw new InvalidOperationException("test collector cannot start");
    public Task UpdateWantedTypesAsync(IReadOnlySet<string> wantedTypes, CancellationToken cancellationToken) => Task.CompletedTask;
    public Task<ReadOnlyMemory<byte>?> StopAsync(CancellationToken cancellationToken) => Task.FromResult<ReadOnlyMemory<byte>?>(null);
}

using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;

namespace Recorder.TestPlugins.Hanging;

/// <summary>
/// Settings of the hanging test plugin (<c>plugins: test.hanging:</c>). Each names how a call hangs: <c>sync</c>
/// blocks the calling thread for ever, <c>async</c> returns a task that never completes, <c>none</c> does not hang.
/// </summary>
public sealed class HangingOptions
{
    /// <summary>How the collector's StartAsync hangs.</summary>
    public string CollectorStart { get; set; } = "none";
    /// <summary>How the enricher's StartAsync hangs.</summary>
    public string EnricherStart { get; set; } = "none";
    /// <summary>How Enrich hangs (only <c>sync</c> or <c>none</c>: Enrich is synchronous).</summary>
    public string Enrich { get; set; } = "none";
    /// <summary>Enrich hangs on this event (1 = the first it sees).</summary>
    public int EnrichHangsOnEvent { get; set; } = 1;
    /// <summary>How long Enrich blocks (0 = for ever).</summary>
    public int EnrichHangMs { get; set; }
}

/// <summary>Options of the hanging sink (in the subscription).</summary>
public sealed class HangingSinkOptions
{
    /// <summary>How WriteBatchAsync hangs: <c>sync</c> or <c>async</c>.</summary>
    public string Write { get; set; } = "sync";
}

internal static class Hang
{
    /// <summary>Blocks the calling thread (sync) or returns a task that never completes (async).</summary>
    public static Task As(string how)
    {
        switch (how)
        {
            case "sync":
                Thread.Sleep(Timeout.Infinite);
                return Task.CompletedTask;
            case "async":
                return Task.Delay(Timeout.Infinite, CancellationToken.None);
            default:
                return Task.CompletedTask;
        }
    }
}

/// <summary>A collector whose start hangs as configured: the host must report it and keep everything else recording.</summary>
[Collector("test-hanging-collector", OperatingSystems = TargetOs.Any)]
public sealed class HangingCollector : ICollector
{
    public static readonly EventSchema Schema = new("test.hang", "Never emitted.", []);
    public IReadOnlyList<EventSchema> Produces { get; } = [Schema];
    public Task StartAsync(CollectorContext context, CancellationToken cancellationToken) =>
        Hang.As(context.Services.Settings.Bind<HangingOptions>().CollectorStart);
    public Task UpdateWantedTypesAsync(IReadOnlySet<string> wantedTypes, CancellationToken cancellationToken) => Task.CompletedTask;
    public Task<ReadOnlyMemory<byte>?> StopAsync(CancellationToken cancellationToken) => Task.FromResult<ReadOnlyMemory<byte>?>(null);
}

/// <summary>An enricher whose start or Enrich hangs as configured: events must flow past it.</summary>
[Enricher("test-hanging-enricher", Order = 5)]
public sealed class HangingEnricher : IEnricher
{
    private HangingOptions _options = new();
    private int _seen;

    public Task StartAsync(IPluginServices services, ReadOnlyMemory<byte>? handoverState, CancellationToken cancellationToken)
    {
        _options = services.Settings.Bind<HangingOptions>();
        return Hang.As(_options.EnricherStart);
    }

    public void Enrich(RecorderEvent recorderEvent)
    {
        if (_options.Enrich != "sync" || Interlocked.Increment(ref _seen) != _options.EnrichHangsOnEvent) return;
        Thread.Sleep(_options.EnrichHangMs > 0 ? _options.EnrichHangMs : Timeout.Infinite);
    }
}

/// <summary>A sink whose writes hang as configured (the Faulty plugin's hanging sink only hangs asynchronously).</summary>
[Sink("test-blocking-sink")]
public sealed class BlockingSinkProvider : ISinkProvider
{
    public ISink CreateSink(SinkContext context) => new BlockingSink(context.Options.Bind<HangingSinkOptions>().Write);

    private sealed class BlockingSink(string how) : ISink
    {
        public ValueTask WriteBatchAsync(IReadOnlyList<RecorderEvent> batch, CancellationToken cancellationToken) => new(Hang.As(how));
        public ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
        public ValueTask ShutdownAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}

using System.Buffers.Binary;
using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;

namespace Recorder.TestPlugins.Counter;

/// <summary>
/// Emits <c>test.counter</c> events numbered 1, 2, 3, ... at a steady rate. Hands its last number to its
/// successor on hot reload, so a test can check that a swap loses and duplicates nothing.
/// </summary>
/// <summary>Settings of the counter (<c>plugins: test.counter:</c>).</summary>
public sealed class CounterOptions
{
    /// <summary>Events per second.</summary>
    public int RatePerSecond { get; set; } = 2000;
    /// <summary>A label copied into events.</summary>
    public string Instance { get; set; } = "";
    /// <summary>When set, the last number accepted by the host is written to this file on stop (offered = stored checks).</summary>
    public string ReportPath { get; set; } = "";
}

[Collector("test-counter", OperatingSystems = TargetOs.Any)]
public sealed class CounterCollector : ICollector
{
    /// <summary>The event type this plugin declares (not a built-in one).</summary>
    public static readonly EventSchema CounterSchema = new("test.counter", "A numbered test event.",
    [
        new EventField("counter.number", FieldType.Int64, "Sequence number, continuous across plugin versions."),
        new EventField("counter.assembly", FieldType.String, "Version of the plugin assembly that emitted it."),
    ]);

    private CancellationTokenSource? _stop;
    private Task? _loop;
    private long _last;
    private string _reportPath = "";

    public IReadOnlyList<EventSchema> Produces { get; } = [CounterSchema];

    public Task StartAsync(CollectorContext context, CancellationToken cancellationToken)
    {
        if (context.HandoverState is { Length: 8 } state) _last = BinaryPrimitives.ReadInt64LittleEndian(state.Span);
        // Bound through the host (not read as raw values) so that the hot-reload test also proves that binding
        // a plugin's own options type does not keep its load context alive.
        var options = context.Services.Settings.Bind<CounterOptions>();
        var rate = options.RatePerSecond;
        var instance = options.Instance;
        _reportPath = options.ReportPath;
        _stop = new CancellationTokenSource();
        var token = _stop.Token;
        var writer = context.Writer;
        var assembly = typeof(CounterCollector).Assembly.Location + "|" + instance;
        context.Services.Diagnostics.SetStatus("source", "counter");
        _loop = Task.Run(async () =>
        {
            var interval = TimeSpan.FromSeconds(1.0 / Math.Max(rate, 1));
            var next = DateTime.UtcNow;
            while (!token.IsCancellationRequested)
            {
                var e = writer.CreateEvent(CounterSchema);
                e.Time = DateTime.UtcNow;
                e.Process.Pid = Environment.ProcessId;
                e["counter.number"] = _last + 1;
                e["counter.assembly"] = assembly;
                if (writer.TryWrite(e)) _last++;
                next += interval;
                var wait = next - DateTime.UtcNow;
                if (wait > TimeSpan.Zero)
                {
                    try { await Task.Delay(wait, token); } catch (OperationCanceledException) { break; }
                }
            }
        });
        return Task.CompletedTask;
    }

    public Task UpdateWantedTypesAsync(IReadOnlySet<string> wantedTypes, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<ReadOnlyMemory<byte>?> StopAsync(CancellationToken cancellationToken)
    {
        _stop?.Cancel();
        if (_loop is not null) await _loop;
        var state = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(state, _last);
        if (_reportPath.Length > 0) await File.WriteAllTextAsync(_reportPath, _last.ToString(System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);
        return state;
    }
}

using System.Buffers.Binary;
using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;

namespace Company.RecorderPlugin;

/// <summary>
/// Emits one <c>company.event-type-placeholder</c> event per interval. A real collector reads an OS source here
/// instead of a timer; everything else stays the same: declare the types in <see cref="Produces"/>, create
/// events with the writer, fill the process context and the type's fields, and never block on the writer.
/// </summary>
[Collector("company-part-name-placeholder", OperatingSystems = TargetOs.Any)]
public sealed class SampleCollector : ICollector
{
    private CancellationTokenSource? _stopping;
    private Task? _loop;
    private long _lastSequence;

    /// <inheritdoc />
    public IReadOnlyList<EventSchema> Produces { get; } = [SampleEvent.Schema];

    /// <inheritdoc />
    public Task StartAsync(CollectorContext context, CancellationToken cancellationToken)
    {
        var options = context.Services.Settings.Bind<SampleCollectorOptions>();
        options.Validate();

        // A hot reload hands over what the previous version returned from StopAsync: numbering carries on.
        if (context.HandoverState is { Length: sizeof(long) } state)
            _lastSequence = BinaryPrimitives.ReadInt64LittleEndian(state.Span);

        var diagnostics = context.Services.Diagnostics;
        diagnostics.SetStatus("interval_ms", options.IntervalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _stopping = new CancellationTokenSource();
        _loop = EmitAsync(context.Writer, options, diagnostics.Counter("emitted"), diagnostics.Counter("dropped"), _stopping.Token);
        return Task.CompletedTask;
    }

    /// <summary>This collector has one type: the host starts it when a subscription wants it and stops it when none does.</summary>
    public Task UpdateWantedTypesAsync(IReadOnlySet<string> wantedTypes, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public async Task<ReadOnlyMemory<byte>?> StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping is not null) await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is not null) await _loop.ConfigureAwait(false);
        var state = new byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(state, _lastSequence);
        return state;
    }

    private async Task EmitAsync(IEventWriter writer, SampleCollectorOptions options, IPluginCounter emitted, IPluginCounter dropped, CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.IntervalMilliseconds));
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                var recorderEvent = writer.CreateEvent(SampleEvent.Schema);
                recorderEvent.Time = DateTime.UtcNow;
                recorderEvent.Outcome = EventOutcome.Success;
                recorderEvent.Process.Pid = Environment.ProcessId;
                recorderEvent.Process.Executable = Environment.ProcessPath;
                recorderEvent.Set(SampleEvent.Sequence, _lastSequence + 1);
                recorderEvent.Set(SampleEvent.Message, options.Message);
                // TryWrite never blocks: a full pipeline drops the event (the host counts it too).
                if (writer.TryWrite(recorderEvent))
                {
                    _lastSequence++;
                    emitted.Increment();
                }
                else
                {
                    dropped.Increment();
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}

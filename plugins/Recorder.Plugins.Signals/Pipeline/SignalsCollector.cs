using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;
using Recorder.Plugins.Signals.SignalEvents;

namespace Recorder.Plugins.Signals.Pipeline;

/// <summary>
/// <c>collector: signals</c>: the way signals enter the pipeline. It captures nothing itself; while it runs (some
/// subscription wants <c>signal.sigma</c>), the signals sink writes the signals it finds through this collector's
/// writer, so they are stamped, counted and routed to the stores like every other event.
/// </summary>
[Collector("signals", OperatingSystems = TargetOs.Any)]
public sealed class SignalsCollector : ICollector
{
    private IEventWriter? _writer;

    /// <inheritdoc />
    public IReadOnlyList<EventSchema> Produces { get; } = [SignalEvent.Schema];

    /// <inheritdoc />
    public Task StartAsync(CollectorContext context, CancellationToken cancellationToken)
    {
        _writer = context.Writer;
        SignalsHub.Attach(context.Writer);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task UpdateWantedTypesAsync(IReadOnlySet<string> wantedTypes, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task<ReadOnlyMemory<byte>?> StopAsync(CancellationToken cancellationToken)
    {
        if (_writer is not null) SignalsHub.Detach(_writer);
        _writer = null;
        return Task.FromResult<ReadOnlyMemory<byte>?>(null);
    }
}

using Recorder.Contracts.Events;

namespace Recorder.Contracts.Plugins;

/// <summary>
/// Creates sinks by name (<see cref="SinkAttribute.Name"/>) from the options a subscription gives. Two
/// subscriptions that name the same sink with the same options share one sink.
/// </summary>
public interface ISinkProvider
{
    /// <summary>
    /// Creates a sink. Throw <see cref="PluginOptionsException"/> naming the option when options are invalid:
    /// the host reports it against the subscription file and line.
    /// </summary>
    ISink CreateSink(SinkContext context);

    /// <summary>
    /// Checks the options as <see cref="CreateSink"/> would, without creating or opening anything: used by
    /// <c>recorder subscriptions check</c> before a subscription reaches a running recorder. Throw
    /// <see cref="PluginOptionsException"/> naming the option. The default accepts everything.
    /// </summary>
    void ValidateOptions(SinkContext context) { }
}

/// <summary>
/// Stores events. The host calls it from one dedicated worker, with batches taken from the sink's own
/// bounded queue, so a slow sink never stalls collectors or other sinks.
/// </summary>
public interface ISink
{
    /// <summary>Writes a batch. Events are shared with other sinks: read them, never change them.</summary>
    ValueTask WriteBatchAsync(IReadOnlyList<RecorderEvent> batch, CancellationToken cancellationToken);

    /// <summary>Makes everything written so far durable.</summary>
    ValueTask FlushAsync(CancellationToken cancellationToken);

    /// <summary>Flushes and releases everything. Called once, after the last batch.</summary>
    ValueTask ShutdownAsync(CancellationToken cancellationToken);
}

/// <summary>What the host gives a sink provider.</summary>
public sealed class SinkContext
{
    /// <summary>Creates a context.</summary>
    public SinkContext(IPluginOptions options, IPluginServices services)
    {
        Options = options;
        Services = services;
    }

    /// <summary>The <c>options:</c> of the subscription's sink.</summary>
    public IPluginOptions Options { get; }
    /// <summary>Logging, status, schemas and storage for the plugin.</summary>
    public IPluginServices Services { get; }
}

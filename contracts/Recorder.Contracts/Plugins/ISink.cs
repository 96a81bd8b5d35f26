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
    private readonly IReadOnlyList<string>? _storageRoots;

    /// <summary>Creates a context whose sinks may write anywhere (tests, embedding).</summary>
    public SinkContext(IPluginOptions options, IPluginServices services)
    {
        Options = options;
        Services = services;
    }

    /// <summary>
    /// Creates a context whose sinks may write only under <paramref name="storageRoots"/> (the host's data folder and
    /// the folders its root-owned configuration allows).
    /// </summary>
    public SinkContext(IPluginOptions options, IPluginServices services, IReadOnlyList<string> storageRoots)
        : this(options, services) => _storageRoots = storageRoots;

    /// <summary>
    /// Checks that a file or folder a sink would write, resolved to a full path, lies under a folder the host allows
    /// (subscriptions are not trusted to make the recorder write elsewhere). Throws <see cref="PluginOptionsException"/>
    /// naming <paramref name="option"/> when it does not.
    /// </summary>
    public void CheckStoragePath(string option, string fullPath)
    {
        if (_storageRoots is null) return;
        var path = Path.GetFullPath(fullPath);
        foreach (var root in _storageRoots)
        {
            var prefix = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
            if (path.StartsWith(prefix, StringComparison.Ordinal) || path + Path.DirectorySeparatorChar == prefix) return;
        }
        throw new PluginOptionsException(option, $"'{path}' is outside the folders sinks may write ({string.Join(", ", _storageRoots)}); " +
            "an administrator allows another with allowed_sink_paths in the recorder's configuration");
    }

    /// <summary>The <c>options:</c> of the subscription's sink.</summary>
    public IPluginOptions Options { get; }
    /// <summary>Logging, status, schemas and storage for the plugin.</summary>
    public IPluginServices Services { get; }
}

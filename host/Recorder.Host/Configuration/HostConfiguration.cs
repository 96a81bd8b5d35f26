using YamlDotNet.RepresentationModel;

namespace Recorder.Host.Configuration;

/// <summary>
/// The host's configuration: folders, pipeline tuning and per-plugin settings. Built from the embedded
/// defaults (<c>manifests/recorder.yaml</c>), then an optional file that overrides what it sets.
/// </summary>
public sealed class HostConfiguration
{
    /// <summary>Folder of stores, staging, snapshots and the control socket.</summary>
    public required string DataDirectory { get; init; }
    /// <summary>Folders of signed plugin bundles.</summary>
    public required IReadOnlyList<string> PluginDirectories { get; init; }
    /// <summary>The trust store folder.</summary>
    public required string TrustStoreDirectory { get; init; }
    /// <summary>Subscription folders, shipped first.</summary>
    public required IReadOnlyList<string> SubscriptionDirectories { get; init; }
    /// <summary>Pipeline tuning.</summary>
    public PipelineSettings Pipeline { get; init; } = new();
    /// <summary>Settings per plugin id (YAML nodes bound by the plugin).</summary>
    public IReadOnlyDictionary<string, YamlNode> PluginSettings { get; init; } = new Dictionary<string, YamlNode>();
    /// <summary>Where the settings came from, for error messages.</summary>
    public string Source { get; init; } = "embedded defaults";
    /// <summary>Folders besides the data folder that sinks may write (<c>allowed_sink_paths</c>).</summary>
    public IReadOnlyList<string> AllowedSinkPaths { get; init; } = [];

    /// <summary>Every folder a sink may write under: the data folder and <see cref="AllowedSinkPaths"/>.</summary>
    public IReadOnlyList<string> SinkStorageRoots => [DataDirectory, .. AllowedSinkPaths];

    /// <summary>Where verified plugin files are copied and loaded from.</summary>
    public string StagingDirectory => Path.Combine(DataDirectory, "staging");
    /// <summary>Per-plugin state folders.</summary>
    public string PluginDataDirectory => Path.Combine(DataDirectory, "plugins");
    /// <summary>The control socket <c>recorder status</c> talks to.</summary>
    public string ControlSocketPath => Path.Combine(DataDirectory, "recorder.sock");
    /// <summary>Highest accepted plugin sequences (rollback protection).</summary>
    public string SequenceStorePath => Path.Combine(DataDirectory, "plugin-sequences.json");
}

/// <summary>Pipeline tuning (<c>pipeline:</c>).</summary>
public sealed class PipelineSettings
{
    /// <summary>Events queued between collectors and enrichers before drops.</summary>
    public int IngressCapacity { get; init; } = 65_536;
    /// <summary>Events queued per sink before drops.</summary>
    public int SinkQueueCapacity { get; init; } = 65_536;
    /// <summary>Largest batch handed to a sink.</summary>
    public int BatchSize { get; init; } = 1_000;
    /// <summary>How long a small batch waits to fill.</summary>
    public TimeSpan BatchDelay { get; init; } = TimeSpan.FromMilliseconds(500);
    /// <summary>A sink call taking longer is treated as hung.</summary>
    public TimeSpan SinkWriteTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>How long a clean stop waits for the queues.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>An enricher's call taking longer is treated as hung: the enricher is bypassed.</summary>
    public TimeSpan EnrichTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Largest accepted queue capacity (16 Mi events).</summary>
    public const int MaxQueueCapacity = 16 * 1024 * 1024;
    /// <summary>Largest accepted batch size.</summary>
    public const int MaxBatchSize = 100_000;
}

using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Recorder.Host.Configuration;

/// <summary>Reads the embedded defaults and an optional override file into a <see cref="HostConfiguration"/>.</summary>
public static class HostConfigurationLoader
{
    private const string EmbeddedName = "Recorder.Host.recorder.yaml";
    private static readonly HashSet<string> KnownKeys = new(StringComparer.Ordinal)
    {
        "data_dir", "plugin_dirs", "trust_store", "subscription_dirs", "allowed_sink_paths", "pipeline", "plugins",
    };
    private static readonly HashSet<string> KnownPipelineKeys = new(StringComparer.Ordinal)
    {
        "ingress_capacity", "sink_queue_capacity", "batch_size", "batch_delay_ms", "sink_write_timeout_s", "drain_timeout_s", "enrich_timeout_ms",
    };

    /// <summary>The embedded default configuration text.</summary>
    public static string EmbeddedDefaults()
    {
        using var stream = typeof(HostConfigurationLoader).Assembly.GetManifestResourceStream(EmbeddedName)
            ?? throw new InvalidOperationException("embedded default configuration missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Loads the defaults, then <paramref name="overridePath"/> if given, else the installed layout's configuration
    /// file if it exists (<see cref="HostLayout.ConfigurationFile"/>). <paramref name="dataDirectory"/>
    /// overrides <c>data_dir</c> (command-line option). Throws <see cref="ConfigurationException"/> naming the
    /// file, line and key on bad input.
    /// </summary>
    public static HostConfiguration Load(string? overridePath = null, string? dataDirectory = null, HostLayout? layout = null)
    {
        layout ??= HostLayout.Detect();
        if (overridePath is null && layout.ConfigurationFile is { } installed && File.Exists(installed)) overridePath = installed;
        var defaults = Parse(EmbeddedDefaults(), "embedded defaults");
        var merged = new Dictionary<string, YamlNode>(defaults, StringComparer.Ordinal);
        var baseDirectory = layout.IsCheckout ? Path.GetDirectoryName(layout.DataDirectory)! : "/";
        var source = "embedded defaults";
        if (overridePath is not null)
        {
            string text;
            try { text = File.ReadAllText(overridePath); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new ConfigurationException(overridePath, 0, 0, ex.Message);
            }
            foreach (var (key, value) in Parse(text, overridePath))
            {
                if (key == "plugins" && merged.TryGetValue("plugins", out var basePlugins) && basePlugins is YamlMappingNode baseMap && value is YamlMappingNode overMap)
                {
                    var combined = new YamlMappingNode();
                    foreach (var entry in baseMap.Children) combined.Children[entry.Key] = entry.Value;
                    foreach (var entry in overMap.Children) combined.Children[entry.Key] = entry.Value;
                    merged[key] = combined;
                }
                else merged[key] = value;
            }
            baseDirectory = Path.GetDirectoryName(Path.GetFullPath(overridePath))!;
            source = overridePath;
        }

        string Resolve(string path) => Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(baseDirectory, path));

        var data = dataDirectory is not null ? Path.GetFullPath(dataDirectory) : Scalar(merged, "data_dir", source) is "auto" ? layout.DataDirectory : Resolve(Scalar(merged, "data_dir", source));
        var plugins = List(merged, "plugin_dirs", source).SelectMany(p => p == "auto" ? layout.PluginDirectories : [Resolve(p)]).ToArray();
        var trust = Scalar(merged, "trust_store", source) is "auto" ? layout.TrustStoreDirectory : Resolve(Scalar(merged, "trust_store", source));
        var subscriptions = List(merged, "subscription_dirs", source).SelectMany(p => p == "auto"
            ? layout.IsCheckout ? [layout.SubscriptionDirectories[0], Path.Combine(data, "subscriptions")] : layout.SubscriptionDirectories
            : [Resolve(p)]).ToArray();

        return new HostConfiguration
        {
            DataDirectory = data,
            PluginDirectories = plugins,
            TrustStoreDirectory = trust,
            SubscriptionDirectories = subscriptions,
            Pipeline = ParsePipeline(merged.GetValueOrDefault("pipeline"), source),
            PluginSettings = ParsePlugins(merged.GetValueOrDefault("plugins"), source),
            Source = source,
            AllowedSinkPaths = merged.ContainsKey("allowed_sink_paths") ? List(merged, "allowed_sink_paths", source).Select(Resolve).ToArray() : [],
        };
    }

    private static Dictionary<string, YamlNode> Parse(string text, string source)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(text)); }
        catch (YamlException ex)
        {
            throw new ConfigurationException(source, (int)ex.Start.Line, (int)ex.Start.Column, ex.Message);
        }
        var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        if (stream.Documents.Count == 0) return result;
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new ConfigurationException(source, (int)stream.Documents[0].RootNode.Start.Line, (int)stream.Documents[0].RootNode.Start.Column, "the configuration must be a mapping of keys");
        foreach (var (keyNode, value) in root.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            if (!KnownKeys.Contains(key))
                throw new ConfigurationException(source, (int)keyNode.Start.Line, (int)keyNode.Start.Column, $"unknown key '{key}' (known: {string.Join(", ", KnownKeys.Order())})");
            result[key] = value;
        }
        return result;
    }

    private static string Scalar(Dictionary<string, YamlNode> map, string key, string source) =>
        map.TryGetValue(key, out var node) && node is YamlScalarNode { Value: { Length: > 0 } value }
            ? value
            : throw new ConfigurationException(source, node is null ? 0 : (int)node.Start.Line, node is null ? 0 : (int)node.Start.Column, $"'{key}' must be a path or 'auto'");

    private static IReadOnlyList<string> List(Dictionary<string, YamlNode> map, string key, string source) => map.TryGetValue(key, out var node) switch
    {
        true when node is YamlSequenceNode seq => seq.Children.Select(c => (c as YamlScalarNode)?.Value
            ?? throw new ConfigurationException(source, (int)c.Start.Line, (int)c.Start.Column, $"'{key}' entries must be paths")).ToArray(),
        true when node is YamlScalarNode { Value: { } single } => [single],
        true => throw new ConfigurationException(source, (int)node!.Start.Line, (int)node.Start.Column, $"'{key}' must be a list of paths"),
        false => ["auto"],
    };

    private static PipelineSettings ParsePipeline(YamlNode? node, string source)
    {
        var settings = new PipelineSettings();
        if (node is null) return settings;
        if (node is not YamlMappingNode map)
            throw new ConfigurationException(source, (int)node.Start.Line, (int)node.Start.Column, "'pipeline' must be a mapping");
        // Ranges: beyond them a value does no good and does harm (a queue of 2^31 events is allocated up front
        // and exhausts memory; a timeout of days turns a hung plugin into a hung recorder).
        int Int(string key, int fallback, int min, int max)
        {
            if (!map.Children.TryGetValue(new YamlScalarNode(key), out var value)) return fallback;
            if (value is YamlScalarNode { Value: { } text } && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
            throw new ConfigurationException(source, (int)value.Start.Line, (int)value.Start.Column,
                $"'pipeline.{key}' must be an integer from {min.ToString("N0", CultureInfo.InvariantCulture)} to {max.ToString("N0", CultureInfo.InvariantCulture)}");
        }
        foreach (var keyNode in map.Children.Keys)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? "";
            if (!KnownPipelineKeys.Contains(key))
                throw new ConfigurationException(source, (int)keyNode.Start.Line, (int)keyNode.Start.Column, $"unknown key 'pipeline.{key}'");
        }
        return new PipelineSettings
        {
            IngressCapacity = Int("ingress_capacity", settings.IngressCapacity, 1, PipelineSettings.MaxQueueCapacity),
            SinkQueueCapacity = Int("sink_queue_capacity", settings.SinkQueueCapacity, 1, PipelineSettings.MaxQueueCapacity),
            BatchSize = Int("batch_size", settings.BatchSize, 1, PipelineSettings.MaxBatchSize),
            BatchDelay = TimeSpan.FromMilliseconds(Int("batch_delay_ms", (int)settings.BatchDelay.TotalMilliseconds, 1, 60_000)),
            SinkWriteTimeout = TimeSpan.FromSeconds(Int("sink_write_timeout_s", (int)settings.SinkWriteTimeout.TotalSeconds, 1, 3_600)),
            DrainTimeout = TimeSpan.FromSeconds(Int("drain_timeout_s", (int)settings.DrainTimeout.TotalSeconds, 1, 3_600)),
            EnrichTimeout = TimeSpan.FromMilliseconds(Int("enrich_timeout_ms", (int)settings.EnrichTimeout.TotalMilliseconds, 10, 60_000)),
        };
    }

    private static IReadOnlyDictionary<string, YamlNode> ParsePlugins(YamlNode? node, string source)
    {
        var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        if (node is null) return result;
        if (node is not YamlMappingNode map)
            throw new ConfigurationException(source, (int)node.Start.Line, (int)node.Start.Column, "'plugins' must map plugin ids to settings");
        foreach (var (key, value) in map.Children) result[((YamlScalarNode)key).Value ?? ""] = value;
        return result;
    }
}

/// <summary>A configuration error, naming the file, line and column.</summary>
public sealed class ConfigurationException : Exception
{
    /// <summary>Creates the error.</summary>
    public ConfigurationException(string file, int line, int column, string message)
        : base(line > 0 ? $"{file}:{line}:{column}: {message}" : $"{file}: {message}")
    {
        File = file;
        Line = line;
        Column = column;
    }

    /// <summary>The file.</summary>
    public string File { get; }
    /// <summary>1-based line, 0 when unknown.</summary>
    public int Line { get; }
    /// <summary>1-based column.</summary>
    public int Column { get; }
}

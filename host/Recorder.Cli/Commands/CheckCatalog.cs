using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;
using Recorder.Host.Commands;
using Recorder.Host.Configuration;
using Recorder.Host.Diagnostics;
using Recorder.Host.Loading;
using Recorder.Host.Pipeline;
using Recorder.Host.Status;
using Recorder.Host.Subscriptions;
using Recorder.Trust;

namespace Recorder.Cli.Commands;

/// <summary>
/// What <c>recorder subscriptions check</c> checks against: the event types and sinks of the installed plugins,
/// verified and loaded as the recorder loads them (nothing started), so that a subscription naming a plugin's
/// sink or type, or giving a sink options it refuses, is judged as the running recorder would judge it. Without
/// a usable plugin layout it falls back to the built-in types and sinks, and says so.
/// </summary>
internal sealed class CheckCatalog : IDisposable
{
    private readonly PluginsForQuestion? _plugins;
    private readonly HostConfiguration? _configuration;
    private readonly Dictionary<string, (string PluginId, ISinkProvider Provider)> _sinks = new(StringComparer.Ordinal);

    private CheckCatalog(IEventSchemaRegistry schemas, string description, PluginsForQuestion? plugins = null, HostConfiguration? configuration = null)
    {
        Schemas = schemas;
        Description = description;
        _plugins = plugins;
        _configuration = configuration;
    }

    /// <summary>The event types subscriptions may name.</summary>
    public IEventSchemaRegistry Schemas { get; }

    /// <summary>What was checked against, for the summary line.</summary>
    public string Description { get; }

    /// <summary>Only the built-in types and the sinks the recorder ships; sink options are not checked.</summary>
    public static CheckCatalog BuiltIn() => new(SubscriptionCommands.BuiltInSchemas.Instance,
        "the built-in event types and sinks (sink options not checked)");

    /// <summary>The installed plugins of <paramref name="configuration"/>, or the built-ins when they cannot be loaded.</summary>
    public static CheckCatalog Load(HostConfiguration? configuration, TextWriter error)
    {
        if (configuration is null) return BuiltIn();
        PluginsForQuestion plugins;
        try
        {
            plugins = PluginsForQuestion.Load(configuration);
        }
        catch (Exception ex) when (ex is TrustStoreException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"recorder subscriptions check: the installed plugins cannot be loaded ({ex.Message}); checking against the built-ins only");
            return BuiltIn();
        }
        foreach (var refused in plugins.Refused)
            error.WriteLine($"recorder subscriptions check: {refused.Message}; its event types and sinks are unknown to this check");
        var schemas = new EventSchemaRegistry();
        foreach (var (pluginId, part) in plugins.Collectors)
        {
            try { schemas.Register(part.Collector.Produces); }
            catch (Exception ex) { error.WriteLine($"recorder subscriptions check: collector '{part.Name}' of {pluginId}: Produces threw {ex.GetType().Name}: {ex.Message}"); }
        }
        var catalog = new CheckCatalog(schemas,
            $"the event types and sinks of {plugins.Collectors.Select(c => c.PluginId).Concat(plugins.Sinks.Select(s => s.PluginId)).Distinct().Count()} installed plugin(s) in {string.Join(", ", configuration.PluginDirectories)}",
            plugins, configuration);
        foreach (var (pluginId, part) in plugins.Sinks) catalog._sinks.TryAdd(part.Name, (pluginId, part.Provider));
        return catalog;
    }

    /// <summary>Whether a sink of that name is available.</summary>
    public bool HasSink(string name) => _plugins is null ? SubscriptionCommands.BuiltInSinks.Contains(name, StringComparer.Ordinal) : _sinks.ContainsKey(name);

    /// <summary>The sink's verdict on the subscription's options: null when accepted (or not checkable).</summary>
    public string? ValidateSinkOptions(Subscription subscription)
    {
        if (_configuration is null || !_sinks.TryGetValue(subscription.SinkName, out var sink)) return null;
        var diagnostics = new PluginDiagnostics("sink." + subscription.SinkName, new HostLog(TextWriter.Null), new StatusBoard());
        var services = new PluginServices(sink.PluginId, Path.Combine(_configuration.DataDirectory, "plugins", sink.PluginId), _configuration.DataDirectory,
            PluginSettings.For(_configuration, sink.PluginId), diagnostics, Schemas);
        try
        {
            sink.Provider.ValidateOptions(new SinkContext(subscription.SinkOptions, services, _configuration.SinkStorageRoots));
            return null;
        }
        catch (Exception ex)
        {
            return ex.Message;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _plugins?.Dispose();
}

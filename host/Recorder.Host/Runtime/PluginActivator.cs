using System.Collections.Concurrent;
using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;
using Recorder.Host.Configuration;
using Recorder.Host.Diagnostics;
using Recorder.Host.Loading;
using Recorder.Host.Pipeline;
using Recorder.Host.Status;
using Recorder.Host.Subscriptions;
using Recorder.Trust;

namespace Recorder.Host.Runtime;

/// <summary>
/// Turns plugin folders into running plugin versions: verifies each folder against the trust store, stages and
/// loads it, activates its parts in start order (sinks, enrichers, collectors), and replaces or removes versions
/// as folders change. Unloading a version ends with a check, reported in status, that its load context was
/// really collected. The caller serialises calls (the host's reconfiguration lock).
/// </summary>
internal sealed class PluginActivator
{
    private readonly HostConfiguration _config;
    private readonly RecorderHostOptions _options;
    private readonly IPluginAssemblyLoader _loader;
    private readonly HostLog _log;
    private readonly StatusBoard _status;
    private readonly EventSchemaRegistry _schemas;
    private readonly SinkSupervisor _sinks;
    private readonly EnricherSupervisor _enrichers;
    private readonly CollectorSupervisor _collectors;
    private readonly Func<IReadOnlyList<Subscription>> _activeSubscriptions;
    private readonly Func<IReadOnlySet<string>> _wantedTypes;
    private readonly Dictionary<string, ActivePlugin> _plugins = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RefusedPlugin> _refused = new(StringComparer.Ordinal);
    private PluginVerifier? _verifier;

    public PluginActivator(HostConfiguration config, RecorderHostOptions options, IPluginAssemblyLoader loader, HostLog log, StatusBoard status,
        EventSchemaRegistry schemas, SinkSupervisor sinks, EnricherSupervisor enrichers, CollectorSupervisor collectors,
        Func<IReadOnlyList<Subscription>> activeSubscriptions, Func<IReadOnlySet<string>> wantedTypes)
    {
        _config = config;
        _options = options;
        _loader = loader;
        _log = log;
        _status = status;
        _schemas = schemas;
        _sinks = sinks;
        _enrichers = enrichers;
        _collectors = collectors;
        _activeSubscriptions = activeSubscriptions;
        _wantedTypes = wantedTypes;
    }

    /// <summary>Loaded plugin versions.</summary>
    public IReadOnlyList<ActivePlugin> Plugins { get { lock (_plugins) return _plugins.Values.ToArray(); } }

    /// <summary>Plugin folders refused, with the reason.</summary>
    public IReadOnlyList<RefusedPlugin> Refused => _refused.Values.OrderBy(r => r.Directory).ToArray();

    /// <summary>Loads the trust store and the sequence store the verifier checks every folder against.</summary>
    public void OpenTrust()
    {
        var trust = TrustStore.Load(_config.TrustStoreDirectory);
        var sequences = PluginSequenceStore.Open(_config.SequenceStorePath);
        _verifier = new PluginVerifier(trust, sequences, new PluginVerifierOptions
        {
            HostContractsVersion = HostInfo.ContractsVersion,
            RequireRootOwnership = _options.RequireRootOwnedPlugins,
        });
    }

    /// <summary>Considers every plugin folder: loads new ones, replaces updated ones, removes versions whose folder is gone.</summary>
    public async Task ScanAsync(CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var root in _config.PluginDirectories)
        {
            if (!Directory.Exists(root))
            {
                _log.Warn("plugins", $"plugin folder {root} does not exist");
                continue;
            }
            foreach (var directory in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(directory);
                // Operators deploy by copying to a temporary name, then renaming into place.
                if (name.StartsWith('.') || name.EndsWith(".tmp", StringComparison.Ordinal) || name.EndsWith(".partial", StringComparison.Ordinal)) continue;
                seen.Add(directory);
                await ConsiderAsync(directory, cancellationToken).ConfigureAwait(false);
            }
        }
        foreach (var plugin in Plugins.Where(p => !seen.Contains(p.SourceDirectory)))
            await DeactivateAsync(plugin, "its folder was removed").ConfigureAwait(false);
        foreach (var gone in _refused.Keys.Where(k => !seen.Contains(k)).ToArray()) _refused.TryRemove(gone, out _);
    }

    /// <summary>Stops and forgets every plugin (host stopping: the process ends, so no unload check).</summary>
    public async Task DeactivateAllAsync()
    {
        foreach (var plugin in Plugins) await DeactivateAsync(plugin, "host stopping").ConfigureAwait(false);
    }

    /// <summary>Status rows: each plugin with the assemblies its own context holds, and each refused folder.</summary>
    public IEnumerable<StatusRow> StatusRows()
    {
        foreach (var plugin in Plugins)
        {
            yield return new StatusRow("plugin", plugin.Id, $"loaded {plugin.Version} (sequence {plugin.Sequence}) from {plugin.SourceDirectory}");
            foreach (var assembly in plugin.Assembly.Assemblies())
                yield return new StatusRow("plugin." + plugin.Id, "assembly." + assembly.Name, $"{assembly.Version} from {assembly.Location}");
        }
        foreach (var refused in Refused)
            yield return new StatusRow("plugin", Path.GetFileName(refused.Directory), $"REFUSED {refused.Reason}: {refused.Message}");
    }

    private async Task ConsiderAsync(string directory, CancellationToken cancellationToken)
    {
        var verification = _verifier!.Verify(directory);
        ActivePlugin? current;
        lock (_plugins) current = verification.Manifest is { } m ? _plugins.GetValueOrDefault(m.Id) : null;
        if (!verification.Accepted)
        {
            // A refused new version never disturbs the running one.
            Refuse(directory, verification.Reason?.ToCode() ?? "refused", verification.Message, current);
            return;
        }
        var manifest = verification.Manifest!;
        if (current is not null && current.Sequence >= manifest.Sequence && current.SourceDirectory == directory)
        {
            _refused.TryRemove(directory, out _);
            return;
        }
        if (current is not null && current.Sequence >= manifest.Sequence)
        {
            Refuse(directory, "duplicate", $"plugin {manifest.Id} sequence {manifest.Sequence} is already loaded from {current.SourceDirectory}", current);
            return;
        }
        StagedPlugin staged;
        LoadedPluginAssembly loaded;
        try
        {
            staged = _verifier.VerifyAndStage(directory, _config.StagingDirectory);
            loaded = _loader.Load(staged.Manifest.Id, staged.EntryAssemblyPath);
        }
        catch (PluginRefusedException ex)
        {
            Refuse(directory, ex.Reason.ToCode(), ex.Message, current);
            return;
        }
        catch (Exception ex)
        {
            Refuse(directory, "load-failed", $"{ex.GetType().Name}: {ex.Message}", current);
            return;
        }
        _refused.TryRemove(directory, out _);
        var plugin = new ActivePlugin(staged.Manifest.Id, staged.Manifest.Version.ToString(), staged.Manifest.Sequence, directory, staged.Directory, loaded);
        await ActivateAsync(plugin, current, cancellationToken).ConfigureAwait(false);
    }

    private void Refuse(string directory, string reason, string message, ActivePlugin? stillRunning)
    {
        var isNew = !_refused.TryGetValue(directory, out var previous) || previous.Message != message;
        _refused[directory] = new RefusedPlugin(directory, reason, message, DateTime.UtcNow);
        if (isNew)
            _log.Error("plugins", $"refused {directory}: {reason}: {message}" + (stillRunning is null ? "" : $" (version {stillRunning.Version} keeps running)"));
    }

    private async Task ActivateAsync(ActivePlugin plugin, ActivePlugin? previous, CancellationToken cancellationToken)
    {
        var parts = plugin.Assembly;
        var conflicts = _schemas.Register(parts.Collectors.SelectMany(c => SafeProduces(c.Collector))
            .Concat(parts.Importers.SelectMany(i => SafeProduces(i.Importer))));
        foreach (var conflict in conflicts)
            _log.Warn("plugins", $"plugin {plugin.Id} declares event type '{conflict}' differently from an earlier definition; the earlier one is kept");

        // Sinks first (so nothing routed is lost), then enrichers, then collectors: the start order.
        var swappedSinks = _sinks.RegisterProviders(plugin.Id, parts.Sinks);
        if (previous is not null && swappedSinks.Count > 0)
            await _sinks.SwapAsync(swappedSinks, _activeSubscriptions(), cancellationToken).ConfigureAwait(false);

        await _enrichers.SwapInAsync(plugin.Id, parts.Enrichers, previous is not null, cancellationToken).ConfigureAwait(false);

        lock (_plugins) _plugins[plugin.Id] = plugin;
        if (_options.StartCollectors || parts.Collectors.Count == 0)
            await _collectors.RegisterAsync(plugin.Id, parts.Collectors, _wantedTypes(), cancellationToken).ConfigureAwait(false);

        _log.Info("plugins", previous is null
            ? $"loaded {plugin.Id} {plugin.Version} (sequence {plugin.Sequence})"
            : $"replaced {plugin.Id} {previous.Version} (sequence {previous.Sequence}) with {plugin.Version} (sequence {plugin.Sequence})");
        if (previous is not null) UnloadAndCheck(previous);
    }

    private async Task DeactivateAsync(ActivePlugin plugin, string why)
    {
        _log.Info("plugins", $"unloading {plugin.Id} {plugin.Version}: {why}");
        await _collectors.RemoveAsync(plugin.Id).ConfigureAwait(false);
        await _enrichers.RemoveAsync(plugin.Id).ConfigureAwait(false);
        _sinks.RemoveProviders(plugin.Id);
        lock (_plugins) _plugins.Remove(plugin.Id);
        if (why != "host stopping") UnloadAndCheck(plugin);
    }

    private void UnloadAndCheck(ActivePlugin plugin)
    {
        var context = plugin.Assembly.ContextReference;
        plugin.Assembly.Unload();
        // The check captures only text and the weak reference: anything more would keep the context alive.
        var domain = "plugin." + plugin.Id;
        var what = $"{plugin.Id} {plugin.Version} (sequence {plugin.Sequence})";
        var row = $"unload.{plugin.Version}.{plugin.Sequence}";
        var log = _log;
        var status = _status;
        _ = Task.Run(() =>
        {
            var collected = LoadedPluginAssembly.WaitForUnload(context, TimeSpan.FromSeconds(10));
            status.Set(domain, row, collected ? "collected" : "LEAKED: load context still alive after 10 s");
            if (collected) log.Info("plugins", $"{what} unloaded; its load context was collected");
            else log.Error("plugins", $"{what}: load context still alive 10 s after unload (a leak per reload)");
        });
    }

    private static IEnumerable<EventSchema> SafeProduces(ICollector collector)
    {
        try { return collector.Produces.ToArray(); }
        catch { return Array.Empty<EventSchema>(); }
    }

    private static IEnumerable<EventSchema> SafeProduces(Recorder.Contracts.Importing.IEventImporter importer)
    {
        try { return importer.Produces.ToArray(); }
        catch { return Array.Empty<EventSchema>(); }
    }
}

/// <summary>A loaded plugin version.</summary>
public sealed record ActivePlugin(string Id, string Version, ulong Sequence, string SourceDirectory, string StagedDirectory, LoadedPluginAssembly Assembly);

/// <summary>A plugin folder the host refused, and why.</summary>
public sealed record RefusedPlugin(string Directory, string Reason, string Message, DateTime At);

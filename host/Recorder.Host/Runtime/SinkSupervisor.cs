using Recorder.Contracts.Plugins;
using Recorder.Host.Diagnostics;
using Recorder.Host.Isolation;
using Recorder.Host.Loading;
using Recorder.Host.Pipeline;
using Recorder.Host.Status;
using Recorder.Host.Subscriptions;

namespace Recorder.Host.Runtime;

/// <summary>
/// Keeps one <see cref="SinkWorker"/> per distinct sink (name + options) that active subscriptions use:
/// creates workers for new sinks, drains and retires unused ones, and swaps the sink instances of a reloaded
/// sink plugin between two batches.
/// </summary>
internal sealed class SinkSupervisor
{
    private readonly Dictionary<string, SinkWorker> _workers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string PluginId, ISinkProvider Provider)> _providers = new(StringComparer.Ordinal);
    private readonly Func<string, string, IPluginServices> _servicesFor;
    private readonly SinkWorkerOptions _options;
    private readonly HostLog _log;
    private readonly StatusBoard _status;
    private readonly IReadOnlyList<string>? _storageRoots; // where sinks may write; null: anywhere

    public SinkSupervisor(Func<string, string, IPluginServices> servicesFor, SinkWorkerOptions options, HostLog log, StatusBoard status, IReadOnlyList<string>? storageRoots = null)
    {
        _storageRoots = storageRoots;
        _servicesFor = servicesFor;
        _options = options;
        _log = log;
        _status = status;
    }

    /// <summary>Sink workers by sink key.</summary>
    public IReadOnlyDictionary<string, SinkWorker> Workers => _workers;

    /// <summary>True when a loaded plugin exports a sink of this name.</summary>
    public bool HasProvider(string sinkName) => _providers.ContainsKey(sinkName);

    /// <summary>Names of every known sink provider.</summary>
    public IEnumerable<string> ProviderNames => _providers.Keys;

    /// <summary>Registers (or replaces) the providers a plugin exports; returns the names whose provider changed.</summary>
    public IReadOnlyList<string> RegisterProviders(string pluginId, IEnumerable<SinkPart> sinks)
    {
        var changed = new List<string>();
        foreach (var part in sinks)
        {
            if (_providers.TryGetValue(part.Name, out var existing) && existing.PluginId != pluginId)
            {
                _log.Warn("sinks", $"sink '{part.Name}' from plugin {pluginId} ignored: plugin {existing.PluginId} already provides it");
                continue;
            }
            _providers[part.Name] = (pluginId, part.Provider);
            changed.Add(part.Name);
        }
        return changed;
    }

    /// <summary>Forgets the providers of an unloaded plugin.</summary>
    public void RemoveProviders(string pluginId)
    {
        foreach (var name in _providers.Where(p => p.Value.PluginId == pluginId).Select(p => p.Key).ToArray())
            _providers.Remove(name);
    }

    /// <summary>
    /// Makes the set of workers match <paramref name="subscriptions"/>. A sink whose options are refused by its
    /// provider is reported against the subscription; returns the subscriptions that could not get a sink.
    /// </summary>
    public async Task<IReadOnlyList<(Subscription Subscription, string Error)>> ReconcileAsync(IReadOnlyList<Subscription> subscriptions, TimeSpan drainTimeout)
    {
        var failures = new List<(Subscription, string)>();
        var wanted = subscriptions.GroupBy(s => s.SinkKey).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var (key, subscription) in wanted)
        {
            if (_workers.ContainsKey(key)) continue;
            if (!_providers.TryGetValue(subscription.SinkName, out var provider))
            {
                failures.Add((subscription, $"no loaded plugin provides sink '{subscription.SinkName}'"));
                continue;
            }
            var services = _servicesFor(provider.PluginId, "sink." + subscription.SinkName);
            ISink first;
            var sinkProvider = provider.Provider;
            try
            {
                first = await PluginCall.RunAsync($"sink '{subscription.SinkName}': create",
                    () => Task.FromResult(sinkProvider.CreateSink(ContextFor(subscription, services))), _options.WriteTimeout).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                failures.Add((subscription, $"sink '{subscription.SinkName}' refused its options: {ex.Message}"));
                continue;
            }
            _workers[key] = new SinkWorker(key, subscription.SinkName, FactoryStartingWith(first, provider.Provider, subscription, services), _options, _log, _status);
            _log.Info("sinks", $"sink '{subscription.SinkName}' started for {subscription.SourceFile}");
        }
        foreach (var key in _workers.Keys.Where(k => !wanted.ContainsKey(k)).ToArray())
        {
            var worker = _workers[key];
            _workers.Remove(key);
            _log.Info("sinks", $"sink '{worker.SinkName}' no longer used: draining");
            await worker.CompleteAsync(drainTimeout).ConfigureAwait(false);
        }
        return failures;
    }

    /// <summary>Swaps every worker of the named sinks to instances from the newly registered provider.</summary>
    public async Task SwapAsync(IReadOnlyList<string> sinkNames, IReadOnlyList<Subscription> subscriptions, CancellationToken cancellationToken)
    {
        foreach (var worker in _workers.Values.Where(w => sinkNames.Contains(w.SinkName)).ToArray())
        {
            var subscription = subscriptions.FirstOrDefault(s => s.SinkKey == worker.Key);
            if (subscription is null || !_providers.TryGetValue(worker.SinkName, out var provider)) continue;
            var services = _servicesFor(provider.PluginId, "sink." + worker.SinkName);
            await worker.SwapAsync(() => provider.Provider.CreateSink(ContextFor(subscription, services)), cancellationToken).ConfigureAwait(false);
            _log.Info("sinks", $"sink '{worker.SinkName}' now runs plugin {provider.PluginId}'s new version");
        }
    }

    /// <summary>Drains and stops every worker.</summary>
    public async Task StopAllAsync(TimeSpan drainTimeout)
    {
        await Task.WhenAll(_workers.Values.Select(w => w.CompleteAsync(drainTimeout))).ConfigureAwait(false);
        _workers.Clear();
    }

    private SinkContext ContextFor(Subscription subscription, IPluginServices services) =>
        _storageRoots is null ? new SinkContext(subscription.SinkOptions, services) : new SinkContext(subscription.SinkOptions, services, _storageRoots);

    private Func<ISink> FactoryStartingWith(ISink first, ISinkProvider provider, Subscription subscription, IPluginServices services)
    {
        var pending = first;
        return () =>
        {
            var sink = Interlocked.Exchange(ref pending, null!);
            return sink ?? provider.CreateSink(ContextFor(subscription, services));
        };
    }
}

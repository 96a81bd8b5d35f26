using Recorder.Contracts.Plugins;
using Recorder.Host.Diagnostics;
using Recorder.Host.Isolation;
using Recorder.Host.Loading;
using Recorder.Host.Pipeline;
using Recorder.Host.Status;

namespace Recorder.Host.Runtime;

/// <summary>
/// Starts a collector only while some subscription (or an enricher) wants one of its event types, tells it
/// when that set changes, stops it when nothing does, restarts a failed one with backoff, and hands state
/// from an old version to its successor during a hot reload.
/// </summary>
internal sealed class CollectorSupervisor
{
    private readonly Dictionary<string, Activation> _collectors = new(StringComparer.Ordinal);
    private readonly EventPipeline _pipeline;
    private readonly Func<string, string, IPluginServices> _servicesFor;
    private readonly HostLog _log;
    private readonly StatusBoard _status;
    private readonly TimeSpan _callTimeout;

    public CollectorSupervisor(EventPipeline pipeline, Func<string, string, IPluginServices> servicesFor, HostLog log, StatusBoard status, TimeSpan callTimeout)
    {
        _pipeline = pipeline;
        _servicesFor = servicesFor;
        _log = log;
        _status = status;
        _callTimeout = callTimeout;
    }

    /// <summary>Collector names and whether each runs.</summary>
    public IEnumerable<(string Name, string PluginId, bool Running, IReadOnlySet<string> Wanted)> Describe() =>
        _collectors.Values.Select(a => (a.Name, a.PluginId, a.Writer is not null, a.Wanted));

    /// <summary>
    /// Adds the collectors a plugin exports. A collector replacing an older version is started with the state
    /// the old one returned from <see cref="ICollector.StopAsync"/>, and runs if the old one ran.
    /// </summary>
    public async Task RegisterAsync(string pluginId, IEnumerable<CollectorPart> parts, IReadOnlySet<string> wantedTypes, CancellationToken cancellationToken)
    {
        foreach (var part in parts)
        {
            var domain = "collector." + part.Name;
            if (!IsForThisOs(part.OperatingSystems))
            {
                _status.Set(domain, "state", $"not for this OS ({part.OperatingSystems})");
                continue;
            }
            if (_collectors.TryGetValue(part.Name, out var old) && old.PluginId != pluginId)
            {
                _log.Warn("collectors", $"collector '{part.Name}' from {pluginId} ignored: {old.PluginId} already provides it");
                continue;
            }
            ReadOnlyMemory<byte>? handover = null;
            var wasRunning = old?.Writer is not null;
            // A running collector that can hand over keeps its capture open while its successor starts: what
            // happens in between waits in the OS (a socket buffer) instead of being missed.
            var handingOver = wasRunning && old!.Collector is IHandoverCollector ? old : null;
            if (handingOver is not null)
                (handover, handingOver) = await PauseForHandoverAsync(handingOver).ConfigureAwait(false);
            else if (old is not null)
                handover = await StopAsync(old, "replaced by a new version").ConfigureAwait(false);
            var activation = new Activation(part.Name, pluginId, part.Collector);
            _collectors[part.Name] = activation;
            var started = false;
            if (wasRunning || Wants(activation, wantedTypes).Count > 0)
                started = await StartAsync(activation, wantedTypes, handover, cancellationToken).ConfigureAwait(false);
            if (handingOver is not null) await CompleteHandoverAsync(handingOver, adopted: started).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Pauses a collector for its successor; returns the state and the activation still to complete, or (when it
    /// could not hand over and stopped instead) the stop's state and null.
    /// </summary>
    private async Task<(ReadOnlyMemory<byte>? State, Activation? Paused)> PauseForHandoverAsync(Activation activation)
    {
        var collector = (IHandoverCollector)activation.Collector;
        var domain = "collector." + activation.Name;
        ReadOnlyMemory<byte>? state;
        try
        {
            state = await PluginCall.RunAsync($"collector {activation.Name}: pause for handover", () => collector.PauseForHandoverAsync(CancellationToken.None), _callTimeout).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _log.Error(domain, "pause for handover failed; stopping it instead", ex);
            return (await StopAsync(activation, "replaced by a new version (pause failed)").ConfigureAwait(false), null);
        }
        // Everything it captured is written: its writer closes now, its successor gets a new one.
        activation.Writer!.Retire();
        activation.Writer = null;
        activation.Wanted = new HashSet<string>();
        if (state is null)
        {
            _status.Set(domain, "state", "stopped: replaced by a new version");
            _log.Info(domain, "stopped: replaced by a new version (no handover possible)");
            return (null, null);
        }
        _status.Set(domain, "state", "handing over to a new version");
        _log.Info(domain, "paused: handing its capture over to the new version");
        return (state, activation);
    }

    private async Task CompleteHandoverAsync(Activation old, bool adopted)
    {
        var collector = (IHandoverCollector)old.Collector;
        var domain = "collector." + old.Name;
        try
        {
            await PluginCall.RunAsync($"collector {old.Name}: complete handover", () => collector.CompleteHandoverAsync(adopted, CancellationToken.None), _callTimeout).ConfigureAwait(false);
            _log.Info(domain, adopted ? "handover complete: the new version owns the capture" : "handover abandoned (the new version did not start): the old version undid its capture");
        }
        catch (Exception ex)
        {
            _log.Error(domain, "completing the handover failed", ex);
        }
    }

    /// <summary>Stops and forgets the collectors of a plugin being unloaded.</summary>
    public async Task RemoveAsync(string pluginId)
    {
        foreach (var activation in _collectors.Values.Where(a => a.PluginId == pluginId).ToArray())
        {
            await StopAsync(activation, "plugin removed").ConfigureAwait(false);
            _collectors.Remove(activation.Name);
        }
    }

    /// <summary>
    /// Starts, updates or stops each collector to match the wanted types; retries failed ones whose backoff passed.
    /// Collectors start side by side, so one that hangs in its start delays none of the others.
    /// </summary>
    public async Task ReconcileAsync(IReadOnlySet<string> wantedTypes, CancellationToken cancellationToken)
    {
        var starts = new List<Task>();
        foreach (var activation in _collectors.Values.ToArray())
        {
            var wanted = Wants(activation, wantedTypes);
            if (wanted.Count == 0)
            {
                if (activation.Writer is not null) await StopAsync(activation, "no subscription wants its event types").ConfigureAwait(false);
                _status.Set("collector." + activation.Name, "state", "idle (nothing wants its events)");
                continue;
            }
            if (activation.Writer is null)
            {
                if (DateTime.UtcNow >= activation.RetryAt) starts.Add(StartAsync(activation, wantedTypes, null, cancellationToken));
                continue;
            }
            if (!wanted.SetEquals(activation.Wanted))
            {
                try
                {
                    var collector = activation.Collector;
                    await PluginCall.RunAsync($"collector {activation.Name}: update of wanted types", () => collector.UpdateWantedTypesAsync(wanted, cancellationToken), _callTimeout, cancellationToken).ConfigureAwait(false);
                    activation.Wanted = wanted;
                    _status.Set("collector." + activation.Name, "wanted_types", string.Join(",", wanted.Order()));
                }
                catch (Exception ex)
                {
                    Fail(activation, "update of wanted types failed", ex);
                    await StopAsync(activation, "failed").ConfigureAwait(false);
                }
            }
        }
        await Task.WhenAll(starts).ConfigureAwait(false);
    }

    /// <summary>
    /// The earliest time after <paramref name="now"/> at which a failed collector is due for a retry, or null when
    /// none waits for one (a failed collector past its retry time and still stopped is one nothing wants).
    /// </summary>
    public DateTime? NextRetryAt(DateTime now)
    {
        DateTime? next = null;
        foreach (var activation in _collectors.Values)
            if (activation.Writer is null && activation.Failures > 0 && activation.RetryAt > now && (next is null || activation.RetryAt < next))
                next = activation.RetryAt;
        return next;
    }

    /// <summary>Stops every collector (first stage to stop), letting each write what it captured.</summary>
    public async Task StopAllAsync()
    {
        foreach (var activation in _collectors.Values) await StopAsync(activation, "host stopping").ConfigureAwait(false);
    }

    private async Task<bool> StartAsync(Activation activation, IReadOnlySet<string> wantedTypes, ReadOnlyMemory<byte>? handover, CancellationToken cancellationToken)
    {
        var domain = "collector." + activation.Name;
        var wanted = Wants(activation, wantedTypes);
        IReadOnlyList<Recorder.Contracts.Events.EventSchema> produces;
        try { produces = activation.Collector.Produces; }
        catch (Exception ex) { Fail(activation, "Produces threw", ex); return false; }
        var writer = new CollectorEventWriter(_pipeline, activation.Name, produces, _status);
        var services = _servicesFor(activation.PluginId, domain);
        var collector = activation.Collector;
        try
        {
            await PluginCall.RunAsync($"collector {activation.Name}: start", () => collector.StartAsync(new CollectorContext(writer, wanted, services, handover), cancellationToken),
                _callTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Whatever a half-started collector writes from now on is dropped and counted (collector_retired).
            writer.Retire();
            Fail(activation, ex is TimeoutException ? "start hung" : "start failed", ex);
            if (ex is TimeoutException) AbandonInBackground(activation);
            return false;
        }
        activation.Writer = writer;
        activation.Wanted = wanted;
        activation.Failures = 0;
        _status.Set(domain, "state", "running");
        _status.Set(domain, "plugin", activation.PluginId);
        _status.Set(domain, "wanted_types", string.Join(",", wanted.Order()));
        _status.ReportHealth(domain, "running", true, "");
        _log.Info(domain, $"started for {string.Join(", ", wanted.Order())}");
        return true;
    }

    private async Task<ReadOnlyMemory<byte>?> StopAsync(Activation activation, string why)
    {
        var writer = activation.Writer;
        if (writer is null) return null;
        ReadOnlyMemory<byte>? state = null;
        try
        {
            var collector = activation.Collector;
            state = await PluginCall.RunAsync($"collector {activation.Name}: stop", () => collector.StopAsync(CancellationToken.None), _callTimeout).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _log.Error("collector." + activation.Name, "stop failed", ex);
        }
        writer.Retire();
        activation.Writer = null;
        activation.Wanted = new HashSet<string>();
        _status.Set("collector." + activation.Name, "state", "stopped: " + why);
        _log.Info("collector." + activation.Name, "stopped: " + why);
        return state;
    }

    /// <summary>Asks a collector whose start hung to stop, without waiting (it may hang again); it is retried after its backoff.</summary>
    private void AbandonInBackground(Activation activation)
    {
        var collector = activation.Collector;
        var domain = "collector." + activation.Name;
        _ = Task.Run(async () =>
        {
            try { await PluginCall.RunAsync($"collector {activation.Name}: stop after a hung start", () => collector.StopAsync(CancellationToken.None), _callTimeout).ConfigureAwait(false); }
            catch (Exception ex) { _log.Warn(domain, "stop after a hung start failed", ex); }
        });
    }

    private void Fail(Activation activation, string what, Exception ex)
    {
        activation.Failures++;
        var backoff = TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, Math.Min(activation.Failures, 8))));
        activation.RetryAt = DateTime.UtcNow + backoff;
        var domain = "collector." + activation.Name;
        _status.Set(domain, "state", $"failed; retry in {backoff.TotalSeconds:0} s");
        _status.ReportHealth(domain, "running", false, $"{what}: {ex.Message}");
        _status.Counter(domain, "failures").Increment();
        _log.Error(domain, $"{what}; retrying in {backoff.TotalSeconds:0} s", ex);
    }

    private static HashSet<string> Wants(Activation activation, IReadOnlySet<string> wantedTypes)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var schema in activation.Collector.Produces)
                if (wantedTypes.Contains(schema.Name)) result.Add(schema.Name);
        }
        catch (Exception) { }
        return result;
    }

    private static bool IsForThisOs(TargetOs os) =>
        (OperatingSystem.IsLinux() && os.HasFlag(TargetOs.Linux)) ||
        (OperatingSystem.IsWindows() && os.HasFlag(TargetOs.Windows)) ||
        (OperatingSystem.IsMacOS() && os.HasFlag(TargetOs.MacOS));

    private sealed class Activation(string name, string pluginId, ICollector collector)
    {
        public string Name { get; } = name;
        public string PluginId { get; } = pluginId;
        public ICollector Collector { get; } = collector;
        public CollectorEventWriter? Writer { get; set; }
        public IReadOnlySet<string> Wanted { get; set; } = new HashSet<string>();
        public int Failures { get; set; }
        public DateTime RetryAt { get; set; }
    }
}

using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;
using Recorder.Host.Commands;
using Recorder.Host.Configuration;
using Recorder.Host.Diagnostics;
using Recorder.Host.Lifecycle;
using Recorder.Host.Loading;
using Recorder.Host.Pipeline;
using Recorder.Host.Status;
using Recorder.Host.Subscriptions;
using Recorder.Host.Watching;

namespace Recorder.Host.Runtime;

/// <summary>What a host instance does besides recording (tests and replay turn parts off).</summary>
public sealed class RecorderHostOptions
{
    /// <summary>Start collectors (off for <c>recorder replay</c>, which feeds recorded events instead).</summary>
    public bool StartCollectors { get; init; } = true;
    /// <summary>Watch subscription and plugin folders for changes.</summary>
    public bool WatchFolders { get; init; } = true;
    /// <summary>Open the control socket for <c>recorder status</c>.</summary>
    public bool OpenControlSocket { get; init; } = true;
    /// <summary>Refuse plugin and subscription folders not owned by root or writable by others (always on in production).</summary>
    public bool RequireRootOwnedPlugins { get; init; } = true;
    /// <summary>How long a plugin call (start, stop, update) may take before it counts as hung.</summary>
    public TimeSpan PluginCallTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Debounce of folder watchers.</summary>
    public TimeSpan WatchDebounce { get; init; } = TimeSpan.FromMilliseconds(300);
}

/// <summary>
/// The recorder host: verifies and loads signed plugins, wires collectors → pipeline → sinks from the
/// subscriptions, and keeps that wiring current while subscription files and plugin folders change.
/// Start order: configuration → trust → sinks → enrichers → collectors → running; stop in reverse,
/// draining every queue.
/// </summary>
public sealed class RecorderHost : IAsyncDisposable
{
    private readonly HostConfiguration _config;
    private readonly RecorderHostOptions _options;
    private readonly HostLifecycle _lifecycle;
    private readonly SemaphoreSlim _reconfigure = new(1, 1);
    private readonly SinkSupervisor _sinks;
    private readonly CollectorSupervisor _collectors;
    private readonly PluginActivator _activator;
    private readonly List<IDisposable> _watchers = new();
    private readonly CancellationTokenSource _stopping = new();
    private SubscriptionSet _subscriptions = SubscriptionSet.Empty;
    private IReadOnlyList<string> _subscriptionProblems = Array.Empty<string>();
    // Per file, the last version without errors: a typo in a live file keeps that version running.
    private Dictionary<string, SubscriptionFile> _lastGoodSubscriptionFiles = new(StringComparer.Ordinal);
    private ControlServer? _control;
    private readonly WatchHub _watchHub;
    private Task? _maintenance;
    private readonly SemaphoreSlim _maintenanceWake = new(0);

    /// <summary>Creates a host; nothing runs until <see cref="StartAsync"/>.</summary>
    public RecorderHost(HostConfiguration config, HostLog log, RecorderHostOptions? options = null, IPluginAssemblyLoader? loader = null)
    {
        _config = config;
        _options = options ?? new RecorderHostOptions();
        Log = log;
        Status = new StatusBoard();
        Schemas = new EventSchemaRegistry();
        Pipeline = new EventPipeline(config.Pipeline.IngressCapacity, log, Status, config.Pipeline.EnrichTimeout);
        var sinkOptions = new SinkWorkerOptions
        {
            QueueCapacity = config.Pipeline.SinkQueueCapacity,
            BatchSize = config.Pipeline.BatchSize,
            BatchDelay = config.Pipeline.BatchDelay,
            WriteTimeout = config.Pipeline.SinkWriteTimeout,
            Ids = Pipeline.Ids,
        };
        _watchHub = new WatchHub(Status);
        Pipeline.Watchers = _watchHub;
        // A watcher that leaves may have been the only one wanting some types: collectors are told.
        _watchHub.Changed += () => _ = SafeAsync("watch", ReconcileForWatchersAsync);
        _sinks = new SinkSupervisor(ServicesFor, sinkOptions, log, Status, config.SinkStorageRoots);
        _collectors = new CollectorSupervisor(Pipeline, ServicesFor, log, Status, _options.PluginCallTimeout);
        var enrichers = new EnricherSupervisor(Pipeline, ServicesFor, log, Status, _options.PluginCallTimeout);
        _activator = new PluginActivator(config, _options, loader ?? new McMasterPluginAssemblyLoader(), log, Status, Schemas,
            _sinks, enrichers, _collectors, () => _subscriptions.Active, WantedTypes);
        _lifecycle = new HostLifecycle(log);
        _lifecycle.Subscribe(LifecycleStages.Configuration, "configuration", _ => StartConfigurationAsync(), _ => StopConfigurationAsync());
        _lifecycle.Subscribe(LifecycleStages.Trust, "plugins", ct => LoadPluginsAsync(ct), _ => _activator.DeactivateAllAsync());
        _lifecycle.Subscribe(LifecycleStages.Sinks, "sinks", _ => Locked(() => ApplySubscriptionsAsync(startCollectors: false)), _ => _sinks.StopAllAsync(config.Pipeline.DrainTimeout));
        _lifecycle.Subscribe(LifecycleStages.Enrichers, "pipeline", _ => { Pipeline.Start(); return Task.CompletedTask; }, _ => Pipeline.DrainAsync(config.Pipeline.DrainTimeout));
        _lifecycle.Subscribe(LifecycleStages.Collectors, "collectors", ct => Locked(() => ReconcileCollectorsAsync(ct)), _ => _collectors.StopAllAsync());
        _lifecycle.Subscribe(LifecycleStages.Running, "watchers", _ => StartWatchingAsync(), _ => StopWatchingAsync());
    }

    /// <summary>The host log.</summary>
    public HostLog Log { get; }
    /// <summary>Rows, counters and health checks.</summary>
    public StatusBoard Status { get; }
    /// <summary>Built-in and plugin-declared event schemas.</summary>
    public EventSchemaRegistry Schemas { get; }
    /// <summary>The event pipeline.</summary>
    public EventPipeline Pipeline { get; }
    /// <summary>The configuration in use.</summary>
    public HostConfiguration Configuration => _config;
    /// <summary>Lifecycle state.</summary>
    public string State => _lifecycle.State;

    /// <summary>Loaded plugins.</summary>
    public IReadOnlyList<ActivePlugin> Plugins => _activator.Plugins;
    /// <summary>Plugin folders refused, with the reason.</summary>
    public IReadOnlyList<RefusedPlugin> RefusedPlugins => _activator.Refused;
    /// <summary>Active subscriptions.</summary>
    public IReadOnlyList<Subscription> Subscriptions => _subscriptions.Active;
    /// <summary>Subscription errors (file:line:column: message).</summary>
    public IReadOnlyList<string> SubscriptionProblems => _subscriptionProblems;

    /// <summary>Runs the lifecycle up to <c>running</c>.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => _lifecycle.StartAsync(cancellationToken);

    /// <summary>Stops in reverse order, draining every queue so nothing accepted is lost.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        _stopping.Cancel();
        await _lifecycle.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_lifecycle.State != "stopped" && _lifecycle.State != "created") await StopAsync().ConfigureAwait(false);
    }

    /// <summary>Feeds recorded events through enrichers and routing, waiting instead of dropping (replay).</summary>
    public async Task<long> ReplayAsync(IEnumerable<RecorderEvent> events, CancellationToken cancellationToken)
    {
        long count = 0;
        foreach (var recorderEvent in events)
        {
            await Pipeline.ProcessNowAsync(recorderEvent, cancellationToken).ConfigureAwait(false);
            count++;
        }
        await Task.WhenAll(_sinks.Workers.Values.Select(w => w.FlushAsync(cancellationToken))).ConfigureAwait(false);
        return count;
    }

    /// <summary>Per sink: events written so far, and events lost (failed, unavailable or queue full), from the status counters.</summary>
    public IReadOnlyList<(string Domain, long Written, long Lost)> SinkTotals() =>
        _sinks.Workers.Values.Select(w => (w.Domain,
            Status.Counter(w.Domain, "written").Value,
            Status.Counter(w.Domain, DropReasons.SinkFailed).Value + Status.Counter(w.Domain, DropReasons.SinkUnavailable).Value + Status.Counter(w.Domain, DropReasons.SinkQueueFull).Value))
        .OrderBy(t => t.Domain, StringComparer.Ordinal).ToArray();

    /// <summary>Re-reads subscription files and re-wires sinks, routing and collectors.</summary>
    public Task ReloadSubscriptionsAsync() => Locked(() => ApplySubscriptionsAsync(startCollectors: _options.StartCollectors));

    /// <summary>Looks for new, updated, refused or removed plugins and swaps them in without a restart.</summary>
    public Task RescanPluginsAsync() => Locked(async () =>
    {
        await _activator.ScanAsync(_stopping.Token).ConfigureAwait(false);
        await ApplySubscriptionsAsync(startCollectors: _options.StartCollectors).ConfigureAwait(false);
    });

    /// <summary>Waits until every sink has written and flushed what was routed to it so far.</summary>
    public Task FlushSinksAsync(CancellationToken cancellationToken = default) =>
        Task.WhenAll(_sinks.Workers.Values.Select(w => w.FlushAsync(cancellationToken)));

    /// <summary>Every status row: host, plugins, subscriptions, pipeline, collectors, sinks, health.</summary>
    public IReadOnlyList<StatusRow> StatusRows()
    {
        Status.Set("recorder", "state", State);
        Status.Set("recorder", "version", typeof(RecorderHost).Assembly.GetName().Version?.ToString() ?? "");
        Status.Set("recorder", "contracts_version", HostInfo.ContractsVersion.ToString());
        Status.Set("recorder", "data_dir", _config.DataDirectory);
        Status.Set("pipeline", "backlog", Pipeline.Backlog.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var rows = new List<StatusRow>(Status.Snapshot());
        rows.AddRange(_activator.StatusRows());
        foreach (var subscription in Subscriptions)
            rows.Add(new StatusRow("subscription", $"{subscription.Module}/{subscription.Name}", $"{string.Join(",", subscription.EventTypePatterns)} -> {subscription.SinkName} ({subscription.SourceFile})"));
        foreach (var problem in SubscriptionProblems)
            rows.Add(new StatusRow("subscription", "error", problem));
        return rows;
    }

    private async Task Locked(Func<Task> action)
    {
        await _reconfigure.WaitAsync().ConfigureAwait(false);
        try { await action().ConfigureAwait(false); }
        finally
        {
            _reconfigure.Release();
            // A collector may have failed (and got a retry time) or recovered: maintenance looks again. One pending
            // wake is enough: it re-reads every retry time.
            if (_maintenanceWake.CurrentCount == 0) _maintenanceWake.Release();
        }
    }

    private Task StartConfigurationAsync()
    {
        CreateRootOnlyDirectory(_config.DataDirectory);
        CreateRootOnlyDirectory(_config.StagingDirectory);
        CreateRootOnlyDirectory(_config.PluginDataDirectory);
        Status.Set("recorder", "config", _config.Source);
        if (_options.OpenControlSocket)
        {
            _control = new ControlServer(_config.ControlSocketPath, HandleControlAsync, Log, streaming: ServeWatchAsync);
            _control.Start();
        }
        return Task.CompletedTask;
    }

    private async Task StopConfigurationAsync()
    {
        // The pipeline has drained by now: every watcher has been offered everything, and gets its last line.
        _watchHub.EndAll(WatchEndReasons.HostStopping);
        await _watchHub.WaitUntilEmptyAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        if (_control is not null) await _control.DisposeAsync().ConfigureAwait(false);
        _control = null;
    }

    private async Task<object> HandleControlAsync(string command, CancellationToken cancellationToken)
    {
        switch (command)
        {
            case "status":
                return new StatusReport(StatusRows(), Status.HealthChecks, Log.RecentProblems);
            case "reload":
                await ReloadSubscriptionsAsync().ConfigureAwait(false);
                await RescanPluginsAsync().ConfigureAwait(false);
                return new { ok = true };
            case var invoke when invoke.StartsWith(InvokeRequest.Verb + " ", StringComparison.Ordinal):
                return await RunningHostCommands.InvokeAsync(this, invoke[(InvokeRequest.Verb.Length + 1)..], cancellationToken).ConfigureAwait(false);
            default:
                return new { error = $"unknown command '{command}' (known: status, reload, invoke, watch)" };
        }
    }

    /// <summary>Serves a <c>watch</c> request: the connection stays open and carries events (docs/streaming.md).</summary>
    private async Task<bool> ServeWatchAsync(string request, Stream stream, CancellationToken cancellationToken)
    {
        if (request != WatchRequest.Verb && !request.StartsWith(WatchRequest.Verb + " ", StringComparison.Ordinal)) return false;
        await _watchHub.ServeAsync(request[WatchRequest.Verb.Length..].Trim(), stream, Schemas,
            // Collectors are asked for the watched types before the watcher hears it has started.
            () => SafeAsync("watch", ReconcileForWatchersAsync), cancellationToken).ConfigureAwait(false);
        return true;
    }

    // Not once the host is stopping: collectors stopped then must stay stopped.
    private Task ReconcileForWatchersAsync() =>
        _stopping.IsCancellationRequested ? Task.CompletedTask : Locked(() => ReconcileCollectorsAsync(_stopping.Token));

    private async Task LoadPluginsAsync(CancellationToken cancellationToken)
    {
        _activator.OpenTrust();
        await Locked(() => _activator.ScanAsync(cancellationToken)).ConfigureAwait(false);
    }

    private async Task ApplySubscriptionsAsync(bool startCollectors)
    {
        var set = SubscriptionSet.Load(_config.SubscriptionDirectories, Schemas, name => _sinks.HasProvider(name),
            _options.RequireRootOwnedPlugins ? SubscriptionTrust.RootOwned : null, _lastGoodSubscriptionFiles);
        var lastGood = new Dictionary<string, SubscriptionFile>(StringComparer.Ordinal);
        foreach (var file in set.Files)
        {
            if (file.IsValid) lastGood[file.Path] = file;
            else if (_lastGoodSubscriptionFiles.TryGetValue(file.Path, out var kept)) lastGood[file.Path] = kept;
        }
        _lastGoodSubscriptionFiles = lastGood;
        var problems = set.Errors.Select(e => e.ToString()).ToList();
        var sinkFailures = await _sinks.ReconcileAsync(set.Active, _config.Pipeline.DrainTimeout).ConfigureAwait(false);
        foreach (var (subscription, error) in sinkFailures)
            problems.Add($"{subscription.SourceFile}:{subscription.Line}: {subscription.QualifiedName}: {error}");
        var failedKeys = sinkFailures.Select(f => f.Subscription).ToHashSet();
        var routable = set.Active.Where(s => !failedKeys.Contains(s)).ToArray();
        _subscriptions = set;
        _subscriptionProblems = problems;
        Pipeline.SetRoutes(new RoutingTable(routable, _sinks.Workers));
        foreach (var problem in problems) Log.Error("subscriptions", problem);
        Status.Set("recorder", "subscriptions_active", routable.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Status.Set("recorder", "subscription_errors", problems.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (startCollectors) await ReconcileCollectorsAsync(_stopping.Token).ConfigureAwait(false);
    }

    private Task ReconcileCollectorsAsync(CancellationToken cancellationToken) =>
        _options.StartCollectors ? _collectors.ReconcileAsync(WantedTypes(), cancellationToken) : Task.CompletedTask;

    /// <summary>
    /// Types subscriptions and attached watchers want, plus what enrichers need to keep their state (when anything is
    /// wanted at all): a watched type is collected even when no store keeps it.
    /// </summary>
    private IReadOnlySet<string> WantedTypes()
    {
        var wanted = new HashSet<string>(_subscriptions.WantedTypes(Schemas), StringComparer.Ordinal);
        wanted.UnionWith(_watchHub.WantedTypes(Schemas));
        if (wanted.Count > 0) wanted.UnionWith(Pipeline.Enrichers.RequiredEventTypes);
        return wanted;
    }

    private Task StartWatchingAsync()
    {
        if (_options.WatchFolders)
        {
            var subscriptionWatcher = new SubscriptionDirectoryWatcher(_config.SubscriptionDirectories, _options.WatchDebounce);
            subscriptionWatcher.Changed += () => _ = SafeAsync("subscriptions", ReloadSubscriptionsAsync);
            _watchers.Add(subscriptionWatcher);
            var pluginWatcher = new PluginDirectoryWatcher(_config.PluginDirectories, _options.WatchDebounce);
            pluginWatcher.Changed += () => _ = SafeAsync("plugins", RescanPluginsAsync);
            _watchers.Add(pluginWatcher);
        }
        _maintenance = Task.Run(MaintainAsync);
        return Task.CompletedTask;
    }

    private async Task StopWatchingAsync()
    {
        foreach (var watcher in _watchers) watcher.Dispose();
        _watchers.Clear();
        _stopping.Cancel();
        if (_maintenance is not null) await _maintenance.ConfigureAwait(false);
    }

    /// <summary>
    /// Retries failed collectors once their backoff has passed. Nothing periodic: with no collector waiting for a
    /// retry it sleeps until a reconfiguration wakes it (a reconcile every 2 s kept the JIT and a thread-pool worker
    /// busy on an idle recorder). Sinks retry on their own, with their next batch.
    /// </summary>
    private async Task MaintainAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            DateTime? retryAt;
            try { await _reconfigure.WaitAsync(_stopping.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
            try { retryAt = _collectors.NextRetryAt(DateTime.UtcNow); }
            finally { _reconfigure.Release(); }
            var wait = retryAt is { } at ? Max(at - DateTime.UtcNow, TimeSpan.Zero) + RetrySlack : Timeout.InfiniteTimeSpan;
            bool woken;
            try { woken = await _maintenanceWake.WaitAsync(wait, _stopping.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
            if (woken) continue; // reconfigured meanwhile: look at the retry times again
            await SafeAsync("maintenance", () => Locked(() => ReconcileCollectorsAsync(_stopping.Token))).ConfigureAwait(false);
        }
    }

    /// <summary>Past a retry time, so that the timer's rounding never wakes the loop just before it.</summary>
    private static readonly TimeSpan RetrySlack = TimeSpan.FromMilliseconds(50);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private async Task SafeAsync(string what, Func<Task> action)
    {
        try { await action().ConfigureAwait(false); }
        catch (Exception ex) { Log.Error(what, "reconfiguration failed; the previous configuration keeps running", ex); }
    }

    private IPluginServices ServicesFor(string pluginId, string domain)
    {
        var settings = _config.PluginSettings.TryGetValue(pluginId, out var node)
            ? YamlPluginOptions.FromNode(node, $"{_config.Source}: plugins.{pluginId}")
            : YamlPluginOptions.FromNode(null, $"{_config.Source}: plugins.{pluginId}");
        return new PluginServices(pluginId, Path.Combine(_config.PluginDataDirectory, pluginId), _config.DataDirectory, settings,
            new PluginDiagnostics(domain, Log, Status), Schemas);
    }

    private static void CreateRootOnlyDirectory(string path)
    {
        Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}

/// <summary>What <c>recorder status --json</c> prints.</summary>
public sealed record StatusReport(IReadOnlyList<StatusRow> Rows, IReadOnlyList<HealthCheck> Health, IReadOnlyList<string> RecentProblems);

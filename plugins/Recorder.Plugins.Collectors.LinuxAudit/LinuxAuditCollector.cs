using System.Text.Json;
using System.Text.Json.Serialization;
using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;
using Recorder.Linux.Audit.Netlink;
using Recorder.Linux.Audit.Rules;
using Recorder.Linux.Audit.Sources;

namespace Recorder.Plugins.Collectors.LinuxAudit;

/// <summary>
/// Records Linux kernel audit events: opens the best source (netlink unicast, multicast, or auditd's plugin
/// path), loads the smallest rule set for the wanted types plus the administrator's rules, and turns records
/// into typed events. On stop it puts back what it changed: audit PID, rules, enabled and backlog settings.
/// </summary>
[Collector("linux-audit", OperatingSystems = TargetOs.Linux)]
public sealed class LinuxAuditCollector : IHandoverCollector
{
    private IPluginDiagnostics? _diagnostics;
    private LinuxAuditSettings _settings = new();
    private KernelAuditLink? _kernel;
    private AuditSourceSelection? _selection;
    private EventWriterRecordHandler? _pipeline;
    private KernelRuleManager? _rules;
    private KernelSettingsGuard? _kernelSettings;
    private CollectorStatusReporter? _reporter;
    private IDisposable? _userRuleWatch;
    private AuditdService _auditd = new();
    private bool _immutable;
    private int? _handedOverDescriptor; // the duplicate a successor adopts, between pause and completion

    /// <summary>Every type the collector can build from audit records.</summary>
    public IReadOnlyList<EventSchema> Produces { get; } =
    [
        EventSchemas.ProcessStart, EventSchemas.ProcessExit,
        EventSchemas.FileCreate, EventSchemas.FileWrite, EventSchemas.FileRename, EventSchemas.FileDelete,
        EventSchemas.FileRead, EventSchemas.FilePermission, EventSchemas.FileOwner,
        EventSchemas.NetworkConnect, EventSchemas.NetworkAccept, EventSchemas.NetworkBind, EventSchemas.NetworkListen,
        EventSchemas.DriverLoad, EventSchemas.DriverUnload,
        EventSchemas.AuthSuccess, EventSchemas.AuthFailure, EventSchemas.PrivilegeChange,
        EventSchemas.SessionLogin, EventSchemas.SessionLogout,
    ];

    /// <summary>The source in use, or null when stopped.</summary>
    public AuditSourceKind? SourceKind => _selection?.Source.Kind;

    /// <summary>The recorder's loaded rules as auditctl text.</summary>
    public IReadOnlyList<string> LoadedRecorderRules => _rules?.RecorderRuleTexts ?? [];

    /// <inheritdoc />
    public Task StartAsync(CollectorContext context, CancellationToken cancellationToken)
    {
        var services = context.Services;
        var diagnostics = _diagnostics = services.Diagnostics;
        _settings = services.Settings.Bind<LinuxAuditSettings>();
        var sourceOptions = _settings.ToSourceOptions();
        var handover = CollectorHandover.Read(context.HandoverState);
        if (handover is not null)
            diagnostics.Log(PluginLogLevel.Information, $"taking over from the previous version (its last event: {handover.LastEventTime:O})");

        _auditd = new AuditdService();
        diagnostics.SetStatus("auditd_present", _auditd.IsInstalled ? "true" : "false");
        diagnostics.SetStatus("auditd_version", _auditd.IsInstalled ? _auditd.Version ?? "unknown" : "none");
        // Which copy of the audit library runs: the one from this plugin's own verified bundle, not the host's.
        var library = typeof(AuditControlSocket).Assembly;
        diagnostics.SetStatus("audit_library", $"{library.GetName().Version} from {library.Location}");

        if (_settings.ManageAuditdConf && _auditd.IsInstalled) AdjustAuditdConf(diagnostics);

        _kernel = new KernelAuditLink(AuditControlSocket.Open());
        try
        {
            var before = _kernel.GetStatus();
            _immutable = before.IsImmutable;
            _selection = handover?.SocketDescriptor is { } descriptor
                ? AdoptPredecessorSocket(descriptor, handover, sourceOptions, diagnostics)
                : AuditSourceSelector.Open(sourceOptions, _auditd, message => diagnostics.Log(PluginLogLevel.Information, message));
            var source = _selection.Source;
            diagnostics.SetStatus("source", source.Kind.ToStatusName());
            diagnostics.Log(PluginLogLevel.Information, $"audit source: {source.Kind.ToStatusName()}" +
                (_selection.Refusals.Count > 0 ? $" (refused: {string.Join("; ", _selection.Refusals)})" : ""));

            _kernelSettings = new KernelSettingsGuard(_kernel, diagnostics, new OriginalKernelSettingsFile(Path.Combine(services.DataDirectory, "kernel-settings.original")));
            _kernelSettings.Apply(before, source.Kind == AuditSourceKind.NetlinkUnicast, _settings, handover?.Restore);

            var userRulesDirectory = string.IsNullOrEmpty(_settings.UserRulesDirectory) ? services.HostDataDirectory : _settings.UserRulesDirectory;
            var userRuleStore = new UserRuleStore(userRulesDirectory);
            _rules = new KernelRuleManager(_kernel, diagnostics, userRuleStore);
            if (_immutable)
            {
                diagnostics.ReportHealth("audit_rules", false, "kernel audit configuration is immutable (auditctl -e 2): the recorder cannot load rules until reboot and records what the existing rules produce");
                diagnostics.SetStatus("has_user_defined_audit_rules", "false", domain: "recorder");
            }
            else if (handover?.SocketDescriptor is not null)
            {
                // The predecessor left its rules loaded (nothing unaudited during the swap): they are ours now.
                _rules.Adopt(handover.RecorderRules ?? [], handover.UserRules ?? []);
                ApplyRecorderRules(context.WantedTypes);
                _userRuleWatch = WatchUserRules(userRuleStore);
            }
            else
            {
                RemoveStaleRecorderRules(diagnostics);
                ApplyRecorderRules(context.WantedTypes);
                _rules.ApplyUserRules();
                _userRuleWatch = WatchUserRules(userRuleStore);
            }

            _pipeline = new EventWriterRecordHandler(context.Writer, context.WantedTypes, [RecorderRuleSet.Key]);
            source.HandlerFailed = ex => diagnostics.Log(PluginLogLevel.Warning, "audit record skipped: " + ex.Message, ex);
            source.Start(_pipeline);
            _reporter = new CollectorStatusReporter(_kernel, diagnostics, source, _pipeline, _rules, _auditd, before,
                TimeSpan.FromMilliseconds(_settings.StatusIntervalMs));
        }
        catch
        {
            StopCore();
            throw;
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task UpdateWantedTypesAsync(IReadOnlySet<string> wantedTypes, CancellationToken cancellationToken)
    {
        _pipeline?.SetWantedTypes(wantedTypes);
        if (!_immutable && _rules is not null) ApplyRecorderRules(wantedTypes);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<ReadOnlyMemory<byte>?> StopAsync(CancellationToken cancellationToken)
    {
        var handover = new CollectorHandover(_pipeline?.LastEventTime, _kernelSettings?.Restore);
        StopCore();
        return Task.FromResult<ReadOnlyMemory<byte>?>(handover.ToBytes());
    }

    /// <summary>
    /// Hot reload without a blind window (unicast only): stops reading at an event boundary and writes what it
    /// has, but leaves the audit PID, the rules and the kernel settings in place; the successor adopts a duplicate
    /// of the socket, in which the kernel keeps queueing records meanwhile. Other sources stop as usual.
    /// </summary>
    public Task<ReadOnlyMemory<byte>?> PauseForHandoverAsync(CancellationToken cancellationToken)
    {
        if (_selection?.Source is not NetlinkAuditSource { Kind: AuditSourceKind.NetlinkUnicast } source || _rules is null || _immutable)
            return StopAsync(cancellationToken);
        _userRuleWatch?.Dispose();
        _userRuleWatch = null;
        _reporter?.Dispose();
        source.Pause();
        _pipeline?.FlushAll();
        _reporter?.Poll();
        var descriptor = source.DuplicateSocketForHandover();
        _handedOverDescriptor = descriptor;
        var (recorderRules, userRules) = _rules.Encoded();
        var handover = new CollectorHandover(_pipeline?.LastEventTime, _kernelSettings?.Restore)
        {
            SocketDescriptor = descriptor,
            RecorderRules = recorderRules,
            UserRules = userRules,
            StoppedAuditd = _selection.StoppedAuditd,
        };
        _diagnostics?.SetStatus("source", "handing over");
        return Task.FromResult<ReadOnlyMemory<byte>?>(handover.ToBytes());
    }

    /// <inheritdoc />
    public Task CompleteHandoverAsync(bool adopted, CancellationToken cancellationToken)
    {
        if (_handedOverDescriptor is not { } descriptor || _selection?.Source is not NetlinkAuditSource source)
            return Task.CompletedTask;
        _handedOverDescriptor = null;
        if (!adopted)
        {
            // Undo everything, as a stop would (rules a failed successor already removed are skipped).
            source.CloseUnadoptedDuplicate(descriptor);
            StopCore();
            return Task.CompletedTask;
        }
        source.AbandonToSuccessor();
        _kernel?.Dispose();
        _diagnostics?.SetStatus("source", "handed over");
        _selection = null;
        _rules = null;
        _kernelSettings = null;
        _kernel = null;
        return Task.CompletedTask;
    }

    private static AuditSourceSelection AdoptPredecessorSocket(int descriptor, CollectorHandover handover, AuditSourceOptions options, IPluginDiagnostics diagnostics)
    {
        var socket = AuditReceiveSocket.AdoptUnicast(descriptor, options.SocketBufferBytes);
        diagnostics.Log(PluginLogLevel.Information, "took over the previous version's unicast socket: records queued during the swap are read now");
        return new AuditSourceSelection(new NetlinkAuditSource(socket, options.QueueBytes, options.GatherDelay), handover.StoppedAuditd, []);
    }

    private void ApplyRecorderRules(IReadOnlySet<string> wantedTypes)
    {
        var rules = _settings.RawLogging ? [] : RecorderRuleSet.Rules(wantedTypes, Environment.ProcessId);
        _rules!.ApplyRecorderRules(rules);
    }

    /// <summary>Living next to auditd: rewrite what the product rewrites in auditd.conf, and say what changed.</summary>
    private void AdjustAuditdConf(IPluginDiagnostics diagnostics)
    {
        try
        {
            var result = new Recorder.Linux.Audit.Auditd.AuditdConfigurator(_auditd, _settings.AuditdConf).Apply();
            if (!result.FileFound) return;
            if (result.Changes.Count > 0)
                diagnostics.Log(PluginLogLevel.Information, $"{result.ConfigPath}: {string.Join("; ", result.Changes)} (backup {result.BackupPath}){(result.Restarted ? "; auditd restarted" : "")}");
            diagnostics.ReportHealth("auditd_conf", true, result.Changes.Count > 0 ? $"adjusted: {string.Join("; ", result.Changes)}" : "nothing to change");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or FormatException)
        {
            diagnostics.ReportHealth("auditd_conf", false, $"{_settings.AuditdConf}: {ex.Message}");
        }
    }

    // Watching the rules file, and holding the lock by which `recorder rules register` knows we will answer.
    private IDisposable WatchUserRules(UserRuleStore store)
    {
        var watcher = store.WatchForChanges(OnUserRulesChanged);
        try
        {
            return new WatchAndLock(watcher, _rules!.HoldWatchLock());
        }
        catch (IOException ex)
        {
            _diagnostics?.Log(PluginLogLevel.Warning, "cannot hold the user-rules watch lock: `recorder rules register` will not wait for this recorder's verdict", ex);
            return watcher;
        }
    }

    private sealed class WatchAndLock(IDisposable watcher, IDisposable watchLock) : IDisposable
    {
        public void Dispose()
        {
            watcher.Dispose();
            watchLock.Dispose();
        }
    }

    private void OnUserRulesChanged()
    {
        try
        {
            _rules?.ApplyUserRules();
        }
        catch (Exception ex)
        {
            _diagnostics?.Log(PluginLogLevel.Error, "reloading user-defined audit rules failed", ex);
        }
    }

    // Rules keyed "recorder" that are loaded now were left by a recorder that did not stop cleanly (or are
    // unwanted because raw_logging is on): they are ours to remove.
    private void RemoveStaleRecorderRules(IPluginDiagnostics diagnostics)
    {
        var stale = _kernel!.Use(control => control.ListRules())
            .Select(data => AuditRuleEncoder.Decode(data))
            .Where(rule => rule.Keys.Contains(RecorderRuleSet.Key))
            .ToArray();
        if (stale.Length == 0) return;
        _kernel.Use(control => AuditRuleLoader.DeleteAll(control, stale));
        diagnostics.Log(PluginLogLevel.Information, $"removed {stale.Length} audit rules a previous recorder left loaded");
    }

    private void StopCore()
    {
        var diagnostics = _diagnostics;
        _userRuleWatch?.Dispose();
        _userRuleWatch = null;
        _reporter?.Dispose();
        if (_selection is { } selection)
        {
            selection.Source.Stop(); // drains what was received
            _pipeline?.FlushAll();
            _reporter?.Poll(); // final counters
        }
        try { _rules?.RemoveAll(); }
        catch (AuditNetlinkException ex) { diagnostics?.Log(PluginLogLevel.Error, "could not remove the recorder's audit rules", ex); }
        _selection?.Source.Dispose();
        _kernelSettings?.RestoreOriginal();
        if (_selection is { StoppedAuditd: true })
        {
            diagnostics?.Log(PluginLogLevel.Information, "restarting auditd, which the recorder stopped (stop_auditd)");
            _auditd.Start(TimeSpan.FromSeconds(10));
        }
        _kernel?.Dispose();
        diagnostics?.SetStatus("source", "stopped");
        _selection = null;
        _reporter = null;
        _rules = null;
        _kernel = null;
    }
}

/// <summary>What a stopping collector hands its successor on hot reload.</summary>
internal sealed record CollectorHandover(DateTime? LastEventTime, AuditStatusChange? Restore)
{
    /// <summary>A duplicate descriptor of the predecessor's unicast socket (same process), or null after a plain stop.</summary>
    public int? SocketDescriptor { get; init; }

    /// <summary>The predecessor's loaded recorder rules, in kernel form.</summary>
    public byte[][]? RecorderRules { get; init; }

    /// <summary>The predecessor's loaded user-defined rules, in kernel form.</summary>
    public byte[][]? UserRules { get; init; }

    /// <summary>Whether the predecessor stopped auditd (then the last version restarts it on its final stop).</summary>
    public bool StoppedAuditd { get; init; }

    // Source-generated metadata owned by this plugin: reflection-based System.Text.Json caches our types in the
    // framework's global options (JsonSerializerOptions.Default), which kept every unloaded version alive.
    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this, HandoverJson.Default.CollectorHandover);

    public static CollectorHandover? Read(ReadOnlyMemory<byte>? state)
    {
        if (state is not { Length: > 0 } bytes) return null;
        try { return JsonSerializer.Deserialize(bytes.Span, HandoverJson.Default.CollectorHandover); }
        catch (JsonException) { return null; }
    }
}

[JsonSerializable(typeof(CollectorHandover))]
internal sealed partial class HandoverJson : JsonSerializerContext;

using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;
using Recorder.Plugins.Enrichers.Process.Linux;
using Recorder.Plugins.Enrichers.Process.Users;

namespace Recorder.Plugins.Enrichers.Process.ProcessTable;

/// <summary>
/// Gives every event its process GUID, its parent's GUID, path and command line, and its ancestry, and fills
/// what the collector left out (start time, path, command line and exact argv, users, session, container id)
/// from the process table.
/// A GUID the collector set itself (Windows, macOS) is kept. See docs/enrichers.md.
/// </summary>
[Enricher("process-table", Order = 100)]
public sealed class ProcessTableEnricher : IEnricher
{
    private static readonly string[] Required = [EventTypes.ProcessStart, EventTypes.ProcessExit];

    private ProcessTable? _table;
    // One table per replayed log: its processes, start times and parents come from the log alone.
    private readonly Dictionary<string, ProcessTable> _replayTables = new(StringComparer.Ordinal);
    private const int MaxReplayTables = 8;
    private IPluginServices? _services;
    private ProcessEnricherOptions _options = new();
    private Timer? _maintenance;
    private IPluginCounter? _unknownPid;

    /// <inheritdoc />
    public IReadOnlyCollection<string> RequiredEventTypes => Required;

    /// <summary>What changed while the recorder was down, as found at the last start.</summary>
    public DowntimeReport Downtime { get; private set; } = DowntimeReport.None;

    /// <summary>Processes held (running and exited within the retention window).</summary>
    public int TrackedProcesses => _table?.Count ?? 0;

    internal ProcessTable Table => _table ?? throw new InvalidOperationException("The process table enricher is not started.");

    /// <inheritdoc />
    public Task StartAsync(IPluginServices services, ReadOnlyMemory<byte>? handoverState, CancellationToken cancellationToken)
    {
        _services = services;
        _options = ProcessEnricherOptions.From(services);
        if (!OperatingSystem.IsLinux())
        {
            // The table reads /proc; elsewhere the collector's own GUIDs (Sysmon-like) pass through untouched.
            services.Diagnostics.Log(PluginLogLevel.Information, "The process table needs Linux /proc; it is idle on this OS.");
            return Task.CompletedTask;
        }
        var users = new UserDatabase(_options.PasswdPath, _options.GroupPath,
            message => services.Diagnostics.Log(PluginLogLevel.Warning, message));
        var guids = new ProcessGuidFactory(ProcFs.ReadBootId());
        var saved = ReadSaved(handoverState);
        // Same boot: keep dating processes from the boot time used before, so start times never move.
        var bootUtcTicks = ProcFs.ReadBootTimeUtcTicks();
        var reportedBoot = saved is not null && saved.BootId == guids.BootId && saved.BootUtcTicks != 0 ? saved.BootUtcTicks : bootUtcTicks;
        _table = new ProcessTable(guids, bootUtcTicks, reportedBoot, users, _options, readBootUtcTicks: ProcFs.ReadBootTimeUtcTicks);
        var running = _table.LoadRunningProcesses();
        _unknownPid = services.Diagnostics.Counter("events_without_pid");

        Downtime = saved is null ? DowntimeReport.None : CompareWithSaved(saved, running);
        var d = services.Diagnostics;
        d.SetStatus("tracked_processes", running.ToString());
        d.SetStatus("boot_id", guids.BootId.ToString());
        d.SetStatus("downtime_started", Downtime.StartedWhileDown.ToString());
        d.SetStatus("downtime_exited", Downtime.ExitedWhileDown.ToString());
        d.SetStatus("downtime_rebooted", (!Downtime.SameBoot).ToString().ToLowerInvariant());
        d.SetStatus("downtime_seconds", ((long)Downtime.Downtime.TotalSeconds).ToString());
        if (Downtime.SnapshotFound)
            d.Log(PluginLogLevel.Information,
                $"While the recorder was down ({Downtime.Downtime:g}{(Downtime.SameBoot ? "" : ", across a reboot")}): " +
                $"{Downtime.StartedWhileDown} processes started, {Downtime.ExitedWhileDown} exited, {Downtime.StillRunning} still running.");

        var period = TimeSpan.FromSeconds(_options.MaintenanceIntervalSeconds);
        _maintenance = new Timer(_ => Maintain(), null, period, period);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Enrich(RecorderEvent recorderEvent)
    {
        var table = recorderEvent.Replay is { } origin ? ReplayTable(origin) : _table;
        var p = recorderEvent.Process;
        if (table is null) return;
        if (p.Pid is not { } pid || pid <= 0 || pid > int.MaxValue)
        {
            _unknownPid?.Increment();
            return;
        }
        var type = recorderEvent.Type;
        // A failed exec started nothing: its process is still the caller.
        var isStart = (ReferenceEquals(type, EventTypes.ProcessStart) || type == EventTypes.ProcessStart) && recorderEvent.Outcome != EventOutcome.Failure;
        var entry = isStart ? table.OnProcessStart(p, recorderEvent.Time) : table.Resolve(p, recorderEvent.Time);
        Fill(p, entry, table);
        if (ReferenceEquals(type, EventTypes.ProcessExit) || type == EventTypes.ProcessExit)
            table.OnProcessExit(entry, recorderEvent.Time);
    }

    /// <inheritdoc />
    public Task<ReadOnlyMemory<byte>?> StopAsync(CancellationToken cancellationToken)
    {
        _maintenance?.Dispose();
        _maintenance = null;
        if (_table is null || _services is null) return Task.FromResult<ReadOnlyMemory<byte>?>(null);
        var bytes = ProcessSnapshotFile.Serialize(_table.Guids.BootId, DateTime.UtcNow, _table.ReportedBootUtcTicks, _table.ExportEntries());
        if (_options.SaveSnapshot)
        {
            var path = Path.Combine(_services.DataDirectory, ProcessSnapshotFile.FileName);
            try
            {
                Directory.CreateDirectory(_services.DataDirectory);
                ProcessSnapshotFile.WriteAtomically(path, bytes);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _services.Diagnostics.Log(PluginLogLevel.Warning, $"{path}: could not save the process table snapshot.", ex);
            }
        }
        return Task.FromResult<ReadOnlyMemory<byte>?>(bytes);
    }

    private ProcessTable ReplayTable(ReplayOrigin origin)
    {
        lock (_replayTables)
        {
            if (_replayTables.TryGetValue(origin.LogId, out var table)) return table;
            if (_replayTables.Count >= MaxReplayTables) _replayTables.Clear();
            return _replayTables[origin.LogId] = ForReplay(origin, _options);
        }
    }

    /// <summary>
    /// A process table for one replayed log that never looks at this machine: no /proc, no boot time (start times
    /// are the recorded exec times), no user database, and GUIDs in a namespace of the log's own, so the same log
    /// replayed on any boot of any machine gives the same GUIDs.
    /// </summary>
    internal static ProcessTable ForReplay(ReplayOrigin origin, ProcessEnricherOptions options) =>
        new(new ProcessGuidFactory(ReplayNamespace(origin.LogId)), bootUtcTicks: 0, reportedBootUtcTicks: 0,
            new UserDatabase("/dev/null", "/dev/null", useNss: false), options,
            readProcess: _ => null, readStat: _ => (false, 0L, 0), readBootUtcTicks: null, readContainerId: _ => null);

    /// <summary>The GUID namespace of a replayed log: the first 16 bytes of SHA-256("replay:" + log id).</summary>
    internal static Guid ReplayNamespace(string logId) =>
        new(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("replay:" + logId)).AsSpan(0, 16), bigEndian: true);

    private static void Fill(ProcessContext p, ProcessEntry entry, ProcessTable table)
    {
        if (p.ProcessGuid == Guid.Empty) p.ProcessGuid = entry.Guid;
        p.StartTime ??= table.StartTimeOf(entry);
        p.Executable ??= entry.Executable;
        if (p.CommandLine is null) p.CommandLine = entry.CommandLine;
        else if (entry.CommandLine is { } full && full.Length > p.CommandLine.Length && full.StartsWith(p.CommandLine, StringComparison.Ordinal))
            p.CommandLine = full; // audit's PROCTITLE stops at 128 bytes; the exec event or /proc had it all
        p.Arguments ??= entry.Arguments;
        p.ContainerId ??= entry.ContainerId;
        p.WorkingDirectory ??= entry.WorkingDirectory;
        p.Terminal ??= entry.Terminal;
        if (p.Uid is null && entry.Uid >= 0) p.Uid = entry.Uid;
        if (p.EffectiveUid is null && entry.EffectiveUid >= 0) p.EffectiveUid = entry.EffectiveUid;
        if (p.Gid is null && entry.Gid >= 0) p.Gid = entry.Gid;
        // /proc says 4294967295 for an unset login uid or session: unset is absent, as in the audit records.
        if (p.LoginUid is null && entry.LoginUid is >= 0 and < uint.MaxValue) p.LoginUid = entry.LoginUid;
        if (p.SessionId is null && entry.SessionId is >= 0 and < uint.MaxValue) p.SessionId = entry.SessionId;
        p.ParentPid ??= entry.ParentPid;
        var ancestors = entry.Ancestors;
        if (ancestors.Length > 0)
        {
            var parent = ancestors[0];
            if (p.ParentProcessGuid == Guid.Empty) p.ParentProcessGuid = parent.ProcessGuid;
            p.ParentExecutable ??= parent.Executable;
            p.ParentCommandLine ??= parent.CommandLine;
            if (p.Ancestors.Count == 0) p.Ancestors = ancestors;
        }
    }

    /// <summary>The hand-over state, else the snapshot file, else null; a damaged one is reported and ignored.</summary>
    private ProcessSnapshotFile.Contents? ReadSaved(ReadOnlyMemory<byte>? handoverState)
    {
        var path = Path.Combine(_services!.DataDirectory, ProcessSnapshotFile.FileName);
        try
        {
            if (handoverState is { } state) return ProcessSnapshotFile.Deserialize(state, "hand-over state");
            if (File.Exists(path)) return ProcessSnapshotFile.Deserialize(File.ReadAllBytes(path), path);
            return null;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            _services.Diagnostics.Log(PluginLogLevel.Warning, ex.Message + " Starting without it.", ex);
            return null;
        }
    }

    private DowntimeReport CompareWithSaved(ProcessSnapshotFile.Contents saved, int runningNow)
    {
        var table = _table!;
        var now = DateTime.UtcNow;
        var downtime = now - saved.SavedAtUtc;
        if (saved.BootId != table.Guids.BootId)
        {
            var savedRunning = 0;
            foreach (var e in saved.Entries) if (e.IsRunning) savedRunning++;
            return new DowntimeReport(true, false, saved.SavedAtUtc, downtime, runningNow, savedRunning, 0);
        }

        int stillRunning = 0, exited = 0;
        var savedRunningKeys = new HashSet<(int, long)>();
        saved.Entries.Sort((a, b) => a.StartTicks.CompareTo(b.StartTicks));
        foreach (var e in saved.Entries)
        {
            if (e.IsRunning) savedRunningKeys.Add((e.Pid, e.StartTicks));
            if (e.IsRunning && table.IsRunning(e.Pid, e.StartTicks)) { stillRunning++; continue; }
            if (e.IsRunning) exited++;
            // Keep what we knew about processes that are gone, so late events and children still resolve.
            table.RestoreExited(e, saved.SavedAtUtc.Ticks);
        }
        var started = 0;
        foreach (var e in table.ExportEntries())
            if (e.IsRunning && !savedRunningKeys.Contains((e.Pid, e.StartTicks)) && e.StartUtcTicks >= saved.SavedAtUtc.Ticks - TimeSpan.TicksPerSecond)
                started++;
        return new DowntimeReport(true, true, saved.SavedAtUtc, downtime, started, exited, stillRunning);
    }

    private void Maintain()
    {
        try
        {
            var (marked, evicted) = Table.Maintain(DateTime.UtcNow);
            var d = _services!.Diagnostics;
            d.SetStatus("tracked_processes", Table.Count.ToString());
            if (marked > 0) d.Counter("exits_found_by_proc_check").Add(marked);
            if (evicted > 0) d.Counter("exited_processes_evicted").Add(evicted);
        }
        catch (Exception ex)
        {
            _services?.Diagnostics.Log(PluginLogLevel.Warning, "Process table maintenance failed; will retry.", ex);
        }
    }
}

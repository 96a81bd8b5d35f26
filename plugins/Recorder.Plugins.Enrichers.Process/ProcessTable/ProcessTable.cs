using Recorder.Contracts.Events;
using Recorder.Plugins.Enrichers.Process.Linux;
using Recorder.Plugins.Enrichers.Process.Users;

namespace Recorder.Plugins.Enrichers.Process.ProcessTable;

/// <summary>
/// Every process the recorder knows, by PID, with the processes that held the same PID before (kept for
/// <see cref="ProcessEnricherOptions.ExitedRetentionSeconds"/>). Fed by process.start and process.exit events;
/// reads /proc only for a PID it has never seen or whose identity it must re-check. All members take the lock:
/// the pipeline thread and the maintenance timer are the only callers, so it is almost never contended.
/// </summary>
internal sealed class ProcessTable
{
    // Events carry millisecond times and /proc start times are 10 ms ticks estimated against the uptime:
    // a process that appears in /proc more than this after an event's time cannot be the event's process.
    private static readonly long StartSlackTicks = TimeSpan.FromMilliseconds(100).Ticks;

    private readonly Lock _lock = new();
    private readonly Dictionary<int, ProcessEntry> _byPid = new();
    private readonly ProcessGuidFactory _guids;
    private readonly UserDatabase _users;
    private readonly ProcessEnricherOptions _options;
    private readonly Func<int, ProcSnapshot?> _readProcess;
    private readonly Func<int, (bool Found, long StartTicks, int ParentPid)> _readStat;
    private readonly Func<int, string?> _readContainerId;
    // Two boot times: the uptime-based one follows wall-clock steps (refreshed by maintenance) to compare
    // against event times; the reported one dates processes for users and stays fixed for the boot (it is
    // saved in the snapshot and reused by the next start, so start times do not move across restarts).
    private long _bootUtcTicks;
    private readonly long _reportedBootUtcTicks;
    private readonly Func<long>? _readBootUtcTicks;
    private readonly long _utcTicksPerClockTick;
    private int _count;

    public ProcessTable(ProcessGuidFactory guids, long bootUtcTicks, long reportedBootUtcTicks, UserDatabase users, ProcessEnricherOptions options,
        Func<int, ProcSnapshot?>? readProcess = null, Func<int, (bool, long, int)>? readStat = null, Func<long>? readBootUtcTicks = null,
        Func<int, string?>? readContainerId = null)
    {
        _readBootUtcTicks = readBootUtcTicks;
        _guids = guids;
        _bootUtcTicks = bootUtcTicks;
        _reportedBootUtcTicks = reportedBootUtcTicks;
        _users = users;
        _options = options;
        _utcTicksPerClockTick = TimeSpan.TicksPerSecond / ProcFs.ClockTicksPerSecond;
        _readProcess = readProcess ?? ProcFs.TryReadProcess;
        _readContainerId = readContainerId ?? ProcFs.TryReadContainerId;
        _readStat = readStat ?? (pid => ProcFs.TryReadStat(pid, out var s) ? (true, s.StartTicks, s.ParentPid) : (false, 0, 0));
    }

    public ProcessGuidFactory Guids => _guids;

    /// <summary>The boot time start times are dated from (UTC ticks).</summary>
    public long ReportedBootUtcTicks => _reportedBootUtcTicks;

    /// <summary>Entries held, running and exited.</summary>
    public int Count { get { lock (_lock) return _count; } }

    /// <summary>Running processes held.</summary>
    public int RunningCount
    {
        get
        {
            lock (_lock)
            {
                var n = 0;
                foreach (var e in _byPid.Values) if (e.IsRunning) n++;
                return n;
            }
        }
    }

    /// <summary>Reads every running process from /proc, oldest first so that parents come before children.</summary>
    public int LoadRunningProcesses()
    {
        var snapshots = new List<ProcSnapshot>();
        foreach (var pid in ProcFs.ListPids())
            if (_readProcess(pid) is { } s) snapshots.Add(s);
        snapshots.Sort((a, b) => a.StartTicks.CompareTo(b.StartTicks));
        lock (_lock)
        {
            foreach (var s in snapshots)
                if (!_byPid.TryGetValue(s.Pid, out var existing) || existing.StartTicks != s.StartTicks)
                    Insert(FromSnapshot(s), DateTime.UtcNow.Ticks);
        }
        return snapshots.Count;
    }

    /// <summary>
    /// A program was executed by <paramref name="context"/>'s process. A fork followed by exec makes a new
    /// entry; an exec without fork (same start time) updates the existing one and keeps its GUID.
    /// </summary>
    public ProcessEntry OnProcessStart(ProcessContext context, DateTime time)
    {
        var pid = (int)context.Pid!.Value;
        var t = time.Ticks;
        var (found, startTicks, statParent) = _readStat(pid);
        var fromProc = found && IsEventsProcess(context, startTicks, statParent, t);
        // Read at every exec: runtimes move a process into the container's cgroup before it execs the payload.
        var containerId = fromProc ? _readContainerId(pid) : null;
        lock (_lock)
        {
            if (_byPid.TryGetValue(pid, out var existing) && IsSameProcess(existing, fromProc, startTicks, context, t))
            {
                if (fromProc) existing.ContainerId = containerId;
                CopyFrom(existing, context);
                // The exec replaced the program: its argv is the exec's, unknown rather than the previous program's.
                existing.Arguments = context.Arguments;
                existing.ExitUtcTicks = 0;
                existing.AsAncestor = AncestorOf(existing);
                return existing;
            }
            var entry = NewEntry(pid, fromProc ? startTicks : ClockTicksOf(t), fromEvent: !fromProc);
            entry.ParentPid = context.ParentPid is { } pp ? (int)pp : found ? statParent : 0;
            // Gone before its cgroup could be read: a child starts in its parent's cgroup.
            entry.ContainerId = fromProc ? containerId : _byPid.GetValueOrDefault(entry.ParentPid)?.ContainerId;
            CopyFrom(entry, context);
            Insert(entry, t);
            return entry;
        }
    }

    /// <summary>
    /// Whether an exec belongs to the process the table already holds for its PID (an exec without fork, or the
    /// exec of a forked child first seen through its own events). When /proc could not show the process (it is
    /// gone already), a running entry that started before the exec under the same parent is taken to be it.
    /// </summary>
    private static bool IsSameProcess(ProcessEntry existing, bool fromProc, long startTicks, ProcessContext context, long t)
    {
        if (fromProc) return existing.StartTicks == startTicks;
        return existing.IsRunning && existing.StartUtcTicks <= t + StartSlackTicks
            && (context.ParentPid is null || context.ParentPid == existing.ParentPid);
    }

    /// <summary>The process <paramref name="context"/> names, as it was at <paramref name="time"/>: the hot path.</summary>
    public ProcessEntry Resolve(ProcessContext context, DateTime time)
    {
        var pid = (int)context.Pid!.Value;
        var t = time.Ticks;
        lock (_lock)
        {
            if (!_byPid.TryGetValue(pid, out var entry))
                return LoadUnknown(pid, context, t);

            // A late event from a process that exited before the current holder of the PID started.
            while (entry.Older is { } older && t <= older.ExitUtcTicks && t < entry.StartUtcTicks + StartSlackTicks)
                entry = older;

            if (!entry.IsRunning && t > entry.ExitUtcTicks && entry == _byPid[pid])
                return Recheck(pid, context, t, entry);
            if (context.ParentPid is { } ppid && ppid != entry.ParentPid && entry.IsRunning)
                return Recheck(pid, context, t, entry);
            return entry;
        }
    }

    /// <summary>Marks the process exited at <paramref name="time"/>; it stays for late events until evicted.</summary>
    public void OnProcessExit(ProcessEntry entry, DateTime time)
    {
        lock (_lock)
        {
            if (entry.IsRunning) entry.ExitUtcTicks = Math.Max(time.Ticks, 1);
        }
    }

    /// <summary>
    /// Off the hot path: marks exited the running entries /proc no longer shows (their exit event was lost),
    /// then evicts exited entries older than the retention window, and the oldest exited beyond the size bound.
    /// </summary>
    public (int MarkedExited, int Evicted) Maintain(DateTime now)
    {
        List<(int Pid, long StartTicks)> running = new();
        lock (_lock)
        {
            foreach (var e in _byPid.Values)
                if (e.IsRunning && !e.StartFromEvent) running.Add((e.Pid, e.StartTicks));
        }
        var gone = new List<(int Pid, long StartTicks)>();
        foreach (var (pid, start) in running)
        {
            var (found, startTicks, _) = _readStat(pid);
            if (!found || startTicks != start) gone.Add((pid, start));
        }
        var nowTicks = now.Ticks;
        var marked = 0;
        // Follow steps of the wall clock (NTP, VM restore) so event times and /proc start times stay comparable.
        if (_readBootUtcTicks is not null) Volatile.Write(ref _bootUtcTicks, _readBootUtcTicks());
        lock (_lock)
        {
            foreach (var (pid, start) in gone)
                if (_byPid.TryGetValue(pid, out var e) && e.IsRunning && e.StartTicks == start)
                {
                    e.ExitUtcTicks = nowTicks;
                    marked++;
                }
            var evicted = EvictExpired(nowTicks - TimeSpan.FromSeconds(_options.ExitedRetentionSeconds).Ticks);
            if (_count > _options.MaxTrackedProcesses) evicted += EvictOldestExited(_count - _options.MaxTrackedProcesses);
            return (marked, evicted);
        }
    }

    /// <summary>Every entry, running and exited, for a snapshot.</summary>
    public List<ProcessEntry> ExportEntries()
    {
        lock (_lock)
        {
            var all = new List<ProcessEntry>(_count);
            foreach (var head in _byPid.Values)
                for (var e = head; e is not null; e = e.Older) all.Add(e);
            return all;
        }
    }

    /// <summary>Whether a running entry has this identity.</summary>
    public bool IsRunning(int pid, long startTicks)
    {
        lock (_lock) return _byPid.TryGetValue(pid, out var e) && e.IsRunning && e.StartTicks == startTicks;
    }

    /// <summary>Puts back a process from a saved snapshot that is no longer running, so late events resolve.</summary>
    public void RestoreExited(ProcessEntry saved, long exitUtcTicks)
    {
        lock (_lock)
        {
            for (var e = _byPid.GetValueOrDefault(saved.Pid); e is not null; e = e.Older)
                if (e.StartTicks == saved.StartTicks) return;
            // A running holder that started earlier proves the saved one is stale: never put it in front.
            if (_byPid.TryGetValue(saved.Pid, out var holder) && holder.IsRunning && holder.StartTicks < saved.StartTicks) return;
            saved.Guid = _guids.Create(saved.Pid, saved.StartTicks);
            saved.ExitUtcTicks = saved.ExitUtcTicks != 0 ? saved.ExitUtcTicks : exitUtcTicks;
            saved.AsAncestor = AncestorOf(saved);
            saved.Ancestors = AncestorsFor(saved.ParentPid, saved.StartTicks);
            if (_byPid.TryGetValue(saved.Pid, out var head) && head.StartTicks > saved.StartTicks)
            {
                // Slot it into the chain by start time, newest first.
                var after = head;
                while (after.Older is { } o && o.StartTicks > saved.StartTicks) after = o;
                saved.Older = after.Older;
                after.Older = saved;
            }
            else
            {
                saved.Older = head;
                _byPid[saved.Pid] = saved;
            }
            _count++;
        }
    }

    /// <summary>Adds a fully described process without reading /proc (benchmarks and restored state).</summary>
    internal ProcessEntry Track(int pid, int parentPid, long startTicks, string? executable, string? commandLine, long uid)
    {
        var entry = NewEntry(pid, startTicks, fromEvent: false);
        entry.ParentPid = parentPid;
        entry.Executable = executable;
        entry.CommandLine = commandLine;
        entry.Uid = entry.EffectiveUid = uid;
        lock (_lock) Insert(entry, UtcTicksOf(startTicks));
        return entry;
    }

    public long UtcTicksOf(long clockTicks) => _bootUtcTicks + clockTicks * _utcTicksPerClockTick;

    /// <summary>The start time shown on events: the boot time plus the start ticks (10 ms resolution).</summary>
    public DateTime StartTimeOf(ProcessEntry entry) =>
        new(_reportedBootUtcTicks + entry.StartTicks * _utcTicksPerClockTick, DateTimeKind.Utc);

    private long ClockTicksOf(long utcTicks) => Math.Max(0, (utcTicks - _bootUtcTicks) / _utcTicksPerClockTick);

    // ---- slow paths (rare, may read /proc) ----

    private ProcessEntry LoadUnknown(int pid, ProcessContext context, long t)
    {
        if (_readProcess(pid) is { } s && IsEventsProcess(context, s.StartTicks, s.ParentPid, t))
            return Insert(FromSnapshot(s), t);
        // Gone already: describe it from the event, with the event's time as its start.
        var entry = NewEntry(pid, ClockTicksOf(t), fromEvent: true);
        entry.ParentPid = context.ParentPid is { } pp ? (int)pp : 0;
        CopyFrom(entry, context);
        return Insert(entry, t);
    }

    private ProcessEntry Recheck(int pid, ProcessContext context, long t, ProcessEntry current)
    {
        var (found, startTicks, parentPid) = _readStat(pid);
        if (found && startTicks == current.StartTicks)
        {
            // Same process: reparented (its parent died) or still exiting. Remember, so we check once.
            current.ParentPid = parentPid;
            return current;
        }
        if (current.IsRunning && (!found || !IsEventsProcess(context, startTicks, parentPid, t)))
            return current; // cannot tell better than what we hold
        return LoadUnknown(pid, context, t);
    }

    /// <summary>
    /// Whether the process /proc shows now (start ticks, parent) can be the one the event describes. The same
    /// parent as the event says is proof enough; otherwise it must have started before the event's time
    /// (with slack for the 10 ms tick and the boot-time estimate).
    /// </summary>
    private bool IsEventsProcess(ProcessContext context, long startTicks, int parentPid, long eventUtcTicks) =>
        context.ParentPid == parentPid || UtcTicksOf(startTicks) <= eventUtcTicks + StartSlackTicks;

    private ProcessEntry Insert(ProcessEntry entry, long nowTicks)
    {
        entry.Ancestors = AncestorsFor(entry.ParentPid, entry.StartTicks);
        entry.AsAncestor = AncestorOf(entry);
        if (_byPid.TryGetValue(entry.Pid, out var previous))
        {
            // The PID was reused: the previous holder exited even if we never saw its exit.
            if (previous.IsRunning) previous.ExitUtcTicks = Math.Min(nowTicks, entry.StartUtcTicks);
            entry.Older = previous;
        }
        _byPid[entry.Pid] = entry;
        _count++;
        return entry;
    }

    private ProcessAncestor[] AncestorsFor(int parentPid, long childStartTicks)
    {
        if (parentPid <= 0) return [];
        var parent = FindParent(parentPid, childStartTicks);
        if (parent is null) return [];
        var depth = Math.Min(parent.Ancestors.Length + 1, _options.MaxAncestryDepth);
        var chain = new ProcessAncestor[depth];
        chain[0] = parent.AsAncestor;
        Array.Copy(parent.Ancestors, 0, chain, 1, depth - 1);
        return chain;
    }

    private ProcessEntry? FindParent(int parentPid, long childStartTicks)
    {
        for (var e = _byPid.GetValueOrDefault(parentPid); e is not null; e = e.Older)
            if (e.StartTicks <= childStartTicks) return e;
        // Never seen (or only a later holder of the PID): /proc may still have it.
        if (_readProcess(parentPid) is { } s && s.StartTicks <= childStartTicks)
            return Insert(FromSnapshot(s), DateTime.UtcNow.Ticks);
        return null;
    }

    private ProcessEntry NewEntry(int pid, long startTicks, bool fromEvent) => new()
    {
        Pid = pid,
        StartTicks = startTicks,
        StartUtcTicks = UtcTicksOf(startTicks),
        StartFromEvent = fromEvent,
        Guid = _guids.Create(pid, startTicks),
    };

    private ProcessEntry FromSnapshot(ProcSnapshot s)
    {
        var e = NewEntry(s.Pid, s.StartTicks, fromEvent: false);
        e.ParentPid = s.ParentPid;
        e.Executable = s.Executable;
        e.CommandLine = s.CommandLine;
        e.Arguments = s.Arguments;
        e.ContainerId = s.ContainerId;
        e.WorkingDirectory = s.WorkingDirectory;
        e.Terminal = s.Terminal;
        e.Uid = s.Uid;
        e.EffectiveUid = s.EffectiveUid;
        e.Gid = s.Gid;
        e.LoginUid = s.LoginUid;
        e.SessionId = s.SessionId;
        return e;
    }

    /// <summary>What the collector said wins over what the table held: it describes the process as of this exec.</summary>
    private static void CopyFrom(ProcessEntry e, ProcessContext c)
    {
        if (c.Executable is not null) e.Executable = c.Executable;
        if (c.CommandLine is not null) e.CommandLine = c.CommandLine;
        if (c.Arguments is not null) e.Arguments = c.Arguments;
        if (c.ContainerId is not null) e.ContainerId = c.ContainerId;
        if (c.WorkingDirectory is not null) e.WorkingDirectory = c.WorkingDirectory;
        if (c.Terminal is not null) e.Terminal = c.Terminal;
        if (c.Uid is { } uid) e.Uid = uid;
        if (c.EffectiveUid is { } euid) e.EffectiveUid = euid;
        if (c.Gid is { } gid) e.Gid = gid;
        if (c.LoginUid is { } auid) e.LoginUid = auid;
        if (c.SessionId is { } ses) e.SessionId = ses;
    }

    /// <summary>The user an ancestor ran as: its effective user (the privileges it had), else its real user.</summary>
    private ProcessAncestor AncestorOf(ProcessEntry e) =>
        new(e.Guid, e.Pid, e.Executable, e.CommandLine, _users.UserName(e.EffectiveUid >= 0 ? e.EffectiveUid : e.Uid));

    private int EvictExpired(long exitedBeforeTicks)
    {
        var evicted = 0;
        List<int>? emptied = null;
        foreach (var (pid, head) in _byPid)
        {
            // Drop expired entries anywhere in the chain; the chain is newest first so expired ones trail.
            ProcessEntry? keepHead = null, last = null;
            for (var e = head; e is not null; e = e.Older)
            {
                if (!e.IsRunning && e.ExitUtcTicks < exitedBeforeTicks) { evicted++; continue; }
                if (keepHead is null) keepHead = e; else last!.Older = e;
                last = e;
            }
            if (last is not null) last.Older = null;
            if (keepHead is null) (emptied ??= new()).Add(pid);
            else if (keepHead != head) _byPid[pid] = keepHead;
        }
        if (emptied is not null) foreach (var pid in emptied) _byPid.Remove(pid);
        _count -= evicted;
        return evicted;
    }

    private int EvictOldestExited(int excess)
    {
        var exited = new List<long>();
        foreach (var head in _byPid.Values)
            for (var e = head; e is not null; e = e.Older)
                if (!e.IsRunning) exited.Add(e.ExitUtcTicks);
        if (exited.Count == 0) return 0;
        exited.Sort();
        var cutoff = exited[Math.Min(excess, exited.Count) - 1];
        return EvictExpired(cutoff + 1);
    }
}

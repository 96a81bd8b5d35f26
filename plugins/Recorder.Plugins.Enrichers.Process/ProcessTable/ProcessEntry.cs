using Recorder.Contracts.Events;

namespace Recorder.Plugins.Enrichers.Process.ProcessTable;

/// <summary>
/// One process as the table knows it. Mutable, guarded by the table's lock. Ids are -1 when unknown.
/// The parent is kept as the ancestor record it had when this process started (like Sysmon's ParentImage),
/// not as a reference, so that evicting a parent frees it.
/// </summary>
internal sealed class ProcessEntry
{
    public int Pid;
    public int ParentPid;
    /// <summary>Clock ticks since boot (/proc/&lt;pid&gt;/stat field 22), or estimated from the exec event's time.</summary>
    public long StartTicks;
    public long StartUtcTicks;
    /// <summary>True when the process was gone before /proc could be read, so the start time is the exec event's.</summary>
    public bool StartFromEvent;
    public Guid Guid;

    public string? Executable;
    public string? CommandLine;
    /// <summary>The exact argv, when the exec event or /proc gave it.</summary>
    public IReadOnlyList<string>? Arguments;
    /// <summary>The container the process runs in (from its cgroup at exec or when first read), null on the host.</summary>
    public string? ContainerId;
    public string? WorkingDirectory;
    public string? Terminal;
    public long Uid = -1, EffectiveUid = -1, Gid = -1, LoginUid = -1, SessionId = -1;

    /// <summary>What this process looks like as someone's ancestor; rebuilt when it execs.</summary>
    public ProcessAncestor AsAncestor = null!;
    /// <summary>Parent first, then upwards; shared, never changed after it is set.</summary>
    public ProcessAncestor[] Ancestors = [];

    /// <summary>UTC ticks of the exit, or 0 while running.</summary>
    public long ExitUtcTicks;
    /// <summary>The exited process that held this PID before, newest first (for late events).</summary>
    public ProcessEntry? Older;

    public bool IsRunning => ExitUtcTicks == 0;

    public override string ToString() => $"{Pid} {Guid} {Executable}";
}

using Recorder.Contracts.Events;

namespace Recorder.Plugins.Collectors.MacOS.Processes;

/// <summary>
/// What the macOS sources have said about each live process: its GUID, program and argv, and its parent. BSM and
/// eslogger name only the acting pid on most events, so the table is how a file write learns its program and how an
/// exec learns its parent (from the fork or posix_spawn that made it).
/// </summary>
internal sealed class MacProcessTable(MacProcessGuid guids)
{
    private const int MaximumTracked = 100_000;

    private readonly Dictionary<long, MacProcess> _byPid = new();

    /// <summary>The process <paramref name="pid"/> as last seen; a new entry (start unknown) the first time.</summary>
    public MacProcess Get(long pid, long pidVersion = 0)
    {
        if (_byPid.TryGetValue(pid, out var known) && (pidVersion == 0 || known.PidVersion == pidVersion)) return known;
        return Add(new MacProcess(guids.Create(pid, pidVersion, null), pid, pidVersion, null));
    }

    /// <summary>A fork: the child runs its parent's program until it execs.</summary>
    public MacProcess Fork(long parentPid, long childPid, DateTime time, long childPidVersion = 0)
    {
        var parent = Get(parentPid);
        var child = new MacProcess(guids.Create(childPid, childPidVersion, time), childPid, childPidVersion, time)
        {
            Executable = parent.Executable, Arguments = parent.Arguments, CommandLine = parent.CommandLine, Parent = parent,
        };
        return Add(child);
    }

    /// <summary>An exec: the same process (and GUID) runs a new program; unknown processes start here.</summary>
    public MacProcess Exec(long pid, DateTime time, string? executable, IReadOnlyList<string>? arguments, long pidVersion = 0)
    {
        _byPid.TryGetValue(pid, out var known);
        // EndpointSecurity gives an exec a new pid version: a new GUID for the new image, under the same parent.
        var process = known is not null && (pidVersion == 0 || known.PidVersion == pidVersion)
            ? known
            : Add(new MacProcess(guids.Create(pid, pidVersion, time), pid, pidVersion, time) { Parent = known?.Parent });
        process.Executable = executable ?? process.Executable;
        process.Arguments = arguments;
        process.CommandLine = arguments is { Count: > 0 } ? CommandLineText.Join(arguments) : executable;
        return process;
    }

    public void Exit(MacProcess process)
    {
        if (_byPid.TryGetValue(process.Pid, out var known) && ReferenceEquals(known, process)) _byPid.Remove(process.Pid);
    }

    private MacProcess Add(MacProcess process)
    {
        // A trail whose exits were not audited must not grow the table without end.
        if (_byPid.Count >= MaximumTracked) _byPid.Clear();
        _byPid[process.Pid] = process;
        return process;
    }
}

/// <summary>One process as the table knows it.</summary>
internal sealed class MacProcess(Guid guid, long pid, long pidVersion, DateTime? startTime)
{
    public Guid Guid { get; } = guid;
    public long Pid { get; } = pid;
    public long PidVersion { get; } = pidVersion;
    public DateTime? StartTime { get; } = startTime;
    public string? Executable { get; set; }
    public IReadOnlyList<string>? Arguments { get; set; }
    public string? CommandLine { get; set; }
    public MacProcess? Parent { get; init; }

    /// <summary>Puts this process (and its parent) into an event's process context.</summary>
    public void FillInto(ProcessContext context)
    {
        context.ProcessGuid = Guid;
        context.Pid = Pid;
        if (PidVersion != 0) context.PidVersion = PidVersion;
        context.StartTime ??= StartTime;
        context.Executable ??= Executable;
        context.Arguments ??= Arguments;
        context.CommandLine ??= CommandLine;
        if (Parent is { } parent)
        {
            context.ParentProcessGuid = parent.Guid;
            context.ParentPid = parent.Pid;
            context.ParentExecutable = parent.Executable;
            context.ParentCommandLine = parent.CommandLine;
        }
    }
}

namespace Recorder.Plugins.Collectors.WindowsEtw.Mapping;

/// <summary>A process the mapping has seen start (or running when the trace began): its GUID, image and command line.</summary>
internal sealed record EtwProcess(Guid Guid, int Pid, string? Image, string? CommandLine);

/// <summary>
/// The live processes by PID, so that every event of a process (its image loads, files, connections, its exit) carries
/// the GUID of the process that had that PID at that moment: a start replaces whatever had the PID before.
/// Start keys from Microsoft-Windows-Kernel-Process (ProcessSequenceNumber) are used when they arrive before the
/// kernel's start event; otherwise the kernel's UniqueProcessKey stands in.
/// </summary>
internal sealed class EtwProcessTable
{
    private static readonly TimeSpan StartKeyWindow = TimeSpan.FromSeconds(2);
    private readonly uint _machine;
    private readonly Dictionary<int, EtwProcess> _live = new();
    private readonly Dictionary<int, (ulong Key, DateTime Created)> _startKeys = new();

    public EtwProcessTable(string machine) => _machine = EtwProcessGuid.MachineKey(machine);

    /// <summary>A process started (or was running when the trace began) at <paramref name="created"/>.</summary>
    public EtwProcess Started(int pid, DateTime created, ulong uniqueProcessKey, string? image, string? commandLine)
    {
        var key = uniqueProcessKey;
        if (_startKeys.Remove(pid, out var known) && (known.Created - created).Duration() <= StartKeyWindow)
        {
            key = known.Key;
            created = known.Created;
        }
        var process = new EtwProcess(EtwProcessGuid.Create(_machine, created, key), pid, image, commandLine);
        _live[pid] = process;
        return process;
    }

    /// <summary>A process that was never seen starting (it exits early in a trace): described, not made live.</summary>
    public EtwProcess Unseen(int pid, DateTime seen, ulong uniqueProcessKey, string? image, string? commandLine) =>
        new(EtwProcessGuid.Create(_machine, seen, uniqueProcessKey), pid, image, commandLine);

    /// <summary>Microsoft-Windows-Kernel-Process said which start key the process <paramref name="pid"/> got.</summary>
    public void StartKey(int pid, ulong sequenceNumber, DateTime created)
    {
        if (_live.TryGetValue(pid, out var process) && process.Guid == EtwProcessGuid.Create(_machine, created, sequenceNumber)) return;
        _startKeys[pid] = (sequenceNumber, created);
    }

    /// <summary>The process that has <paramref name="pid"/> now, or null when none was seen.</summary>
    public EtwProcess? Find(int pid) => _live.GetValueOrDefault(pid);

    /// <summary>The process <paramref name="pid"/> exited: returned, and forgotten.</summary>
    public EtwProcess? Exited(int pid) => _live.Remove(pid, out var process) ? process : null;
}

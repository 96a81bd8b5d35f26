using Microsoft.Diagnostics.Tracing;

namespace Recorder.Plugins.Collectors.WindowsEtw.Mapping;

/// <summary>
/// Microsoft-Windows-Kernel-Process event 1 (ProcessStart, version 2 and later): the process's start key
/// (ProcessSequenceNumber), which the kernel never reuses during a boot, and its exact creation time: together the
/// identity Sysmon builds its ProcessGuid from.
/// </summary>
internal static class KernelProcessEvents
{
    public static readonly Guid ProviderId = new("22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716");
    public const ulong ProcessKeyword = 0x10;
    private const int ProcessStartId = 1;

    /// <summary>Records the start key of a ProcessStart event in <paramref name="processes"/>; other events are ignored.</summary>
    public static void Read(TraceEvent data, EtwProcessTable processes)
    {
        if ((int)data.ID != ProcessStartId || data.Version < 2) return;
        var payload = new ManifestPayload(data.EventData());
        // ProcessID, ProcessSequenceNumber, CreateTime, ParentProcessID, ParentProcessSequenceNumber, ...
        if (payload.UInt32() is { } pid && payload.UInt64() is { } sequence && payload.FileTime() is { } created)
            processes.StartKey((int)pid, sequence, created);
    }
}

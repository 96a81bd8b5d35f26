using Recorder.Contracts.Events;
using Recorder.Plugins.Collectors.WindowsEventLog.Mapping;

namespace Recorder.Plugins.Collectors.WindowsEventLog.Live;

/// <summary>
/// A Windows event log channel the live collector reads, the event ids it asks for (an XPath query, so the
/// event log service filters before anything reaches us), and the Recorder types those ids become.
/// </summary>
internal sealed record EventLogChannel(string Name, IReadOnlyList<int> EventIds, IReadOnlyList<string> Types)
{
    /// <summary>Logons, logoffs, explicit credentials and special privileges (needs "Audit Logon" enabled, the default).</summary>
    public static EventLogChannel Security { get; } = new("Security", [4624, 4625, 4634, 4647, 4648, 4672],
        [EventTypes.SessionLogin, EventTypes.SessionLogout, EventTypes.AuthSuccess,
         EventTypes.AuthFailure, EventTypes.PrivilegeChange]);

    /// <summary>Sysmon's operational log, when Sysmon is installed.</summary>
    public static EventLogChannel Sysmon { get; } = new("Microsoft-Windows-Sysmon/Operational", [1, 3, 5, 6, 7, 8, 10, 11, 12, 13, 14, 22, 23, 26],
        [EventTypes.ProcessStart, EventTypes.ProcessExit, EventTypes.NetworkConnect,
         EventTypes.NetworkAccept, EventTypes.DriverLoad, EventTypes.ImageLoad,
         EventTypes.FileCreate, EventTypes.FileDelete, EventTypes.DnsQuery,
         EventTypes.RegistryKeyCreate, EventTypes.RegistryKeyDelete, EventTypes.RegistryKeyRename,
         EventTypes.RegistryValueSet, EventTypes.RegistryValueDelete,
         WindowsSchemas.ProcessAccess.Name, WindowsSchemas.RemoteThread.Name]);

    /// <summary>Both channels.</summary>
    public static IReadOnlyList<EventLogChannel> All { get; } = [Security, Sysmon];

    /// <summary>The XPath query for the channel's event ids.</summary>
    public string Query => "*[System[(" + string.Join(" or ", EventIds.Select(id => $"EventID={id}")) + ")]]";

    /// <summary>Whether any wanted type comes from this channel.</summary>
    public bool IsWanted(IReadOnlySet<string> wantedTypes) => Types.Any(wantedTypes.Contains);
}

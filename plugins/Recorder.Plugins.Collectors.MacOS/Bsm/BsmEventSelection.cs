using Recorder.Contracts.Events;

namespace Recorder.Plugins.Collectors.MacOS.Bsm;

/// <summary>
/// Which BSM events to audit for the event types the subscriptions want. Execs, forks and exits are always in when
/// anything is wanted: they are what tells a file write or a connect which program made it.
/// </summary>
internal static class BsmEventSelection
{
    public static IReadOnlySet<ushort> For(IEnumerable<string> eventTypes)
    {
        var events = new SortedSet<ushort>();
        foreach (var type in eventTypes)
        {
            IEnumerable<ushort> numbers = type switch
            {
                EventTypes.ProcessStart or EventTypes.ProcessExit => [],
                EventTypes.FileCreate => BsmEventNumbers.FileCreates,
                EventTypes.FileWrite => BsmEventNumbers.FileWrites,
                EventTypes.FileRead => BsmEventNumbers.FileReads,
                EventTypes.FileDelete => BsmEventNumbers.FileDeletes,
                EventTypes.FileRename => [BsmEventNumbers.Rename, BsmEventNumbers.RenameAt],
                EventTypes.NetworkConnect => [BsmEventNumbers.Connect, BsmEventNumbers.ConnectAt],
                EventTypes.NetworkAccept => [BsmEventNumbers.Accept],
                EventTypes.NetworkBind => [BsmEventNumbers.Bind, BsmEventNumbers.BindAt],
                EventTypes.SessionLogin => BsmEventNumbers.Logins.Keys,
                EventTypes.SessionLogout => BsmEventNumbers.Logouts.Keys,
                EventTypes.AuthSuccess or EventTypes.AuthFailure => BsmEventNumbers.Authentications.Keys,
                EventTypes.PrivilegeChange => [BsmEventNumbers.Su, BsmEventNumbers.Sudo],
                EventTypes.DriverLoad => [BsmEventNumbers.ModLoad],
                _ => null!,
            };
            if (numbers is null) continue; // a type BSM cannot give (registry, DNS, ...)
            events.UnionWith(numbers);
            events.UnionWith(BsmEventNumbers.Execs);
            events.UnionWith(BsmEventNumbers.Forks);
            events.Add(BsmEventNumbers.Exit);
        }
        return events;
    }
}

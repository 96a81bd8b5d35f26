using Recorder.Contracts.Events;

namespace Recorder.Plugins.Collectors.MacOS.EndpointSecurity;

/// <summary>The eslogger event kinds to ask for, for the event types the subscriptions want.</summary>
internal static class EsloggerSelection
{
    public static IReadOnlySet<string> For(IEnumerable<string> eventTypes)
    {
        var kinds = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in eventTypes)
        {
            string[] wanted = type switch
            {
                EventTypes.ProcessStart or EventTypes.ProcessExit => [],
                EventTypes.FileCreate => ["create"],
                EventTypes.FileWrite => ["write", "close"],
                EventTypes.FileRead => ["open"],
                EventTypes.FileRename => ["rename"],
                EventTypes.FileDelete => ["unlink"],
                EventTypes.DriverLoad => ["kextload"],
                EventTypes.AuthSuccess or EventTypes.AuthFailure => ["authentication"],
                EventTypes.SessionLogin => ["login_login", "lw_session_login", "openssh_login"],
                EventTypes.SessionLogout => ["login_logout", "lw_session_logout", "openssh_logout"],
                EventTypes.PrivilegeChange => ["su", "sudo"],
                _ => null!,
            };
            if (wanted is null) continue; // network and DNS need NetworkExtension, not ES
            kinds.UnionWith(wanted);
            kinds.UnionWith(["exec", "fork", "exit"]); // the process table needs them for every other event
        }
        return kinds;
    }
}

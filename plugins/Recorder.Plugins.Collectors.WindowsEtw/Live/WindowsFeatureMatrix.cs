using Recorder.Contracts.Events;

namespace Recorder.Plugins.Collectors.WindowsEtw.Live;

/// <summary>Whether this machine's Windows can deliver an event type through ETW, from where, and why not.</summary>
internal sealed record EtwFeature(string EventType, bool Available, string Source, string? Limitation);

/// <summary>
/// The seed's feature matrix by Windows version (checked at start, shown in status): DNS-Client events exist from
/// Windows 8.1 / Server 2012 R2 (6.3); kernel process events carry command lines from Vista, but on Windows 7 / 2008 R2
/// (6.1) the seed needs its driver for command lines and hashes; system loggers (a kernel session beside others) exist
/// from Windows 8 (6.2), before which only the one NT Kernel Logger exists; Kernel-Process start keys
/// (ProcessSequenceNumber) from Windows 10.
/// </summary>
internal static class WindowsFeatureMatrix
{
    public static readonly Version Windows7 = new(6, 1);
    public static readonly Version Windows8 = new(6, 2);
    public static readonly Version Windows81 = new(6, 3);
    public static readonly Version Windows10 = new(10, 0);

    /// <summary>Windows 8+ lets any named session be a system logger; before, only "NT Kernel Logger" gets kernel events.</summary>
    public static bool HasSystemLoggers(Version os) => os >= Windows8;

    public static IReadOnlyList<EtwFeature> For(Version os)
    {
        var supported = os >= Windows7;
        string? Below(Version needed, string what) => os >= needed ? null : what;
        var tooOld = supported ? null : $"Windows {os} is older than Windows 7 / Server 2008 R2, which the collector needs";
        return
        [
            new(EventTypes.ProcessStart, supported, "kernel Process",
                tooOld ?? (os < Windows8 ? "command lines and hashes on Windows 7 / 2008 R2 need the seed's driver" : null)),
            new(EventTypes.ProcessExit, supported, "kernel Process", tooOld),
            new(EventTypes.ImageLoad, supported, "kernel ImageLoad", tooOld),
            new(EventTypes.DriverLoad, supported, "kernel ImageLoad (kernel-space images)", tooOld),
            new(EventTypes.FileCreate, supported, "kernel FileIOInit", tooOld),
            new(EventTypes.FileWrite, supported, "kernel FileIO", tooOld),
            new(EventTypes.FileDelete, supported, "kernel FileIOInit", tooOld),
            new(EventTypes.FileRename, supported, "kernel FileIOInit", tooOld),
            new(EventTypes.RegistryKeyCreate, supported, "kernel Registry", tooOld),
            new(EventTypes.RegistryKeyDelete, supported, "kernel Registry", tooOld),
            new(EventTypes.RegistryValueSet, supported, "kernel Registry", tooOld),
            new(EventTypes.RegistryValueDelete, supported, "kernel Registry", tooOld),
            new(EventTypes.NetworkConnect, supported, "kernel NetworkTCPIP", tooOld),
            new(EventTypes.NetworkAccept, supported, "kernel NetworkTCPIP", tooOld),
            new(EventTypes.DnsQuery, os >= Windows81, "Microsoft-Windows-DNS-Client 3008/3020",
                Below(Windows81, "DNS-Client events exist from Windows 8.1 / Server 2012 R2")),
            new(EventTypes.HttpHeader, false, "none", "HTTP headers (WinINet, HTTP.sys) are not collected yet"),
        ];
    }

    /// <summary>Process GUIDs' start key: Kernel-Process's ProcessSequenceNumber (Windows 10+), else the kernel's process object address.</summary>
    public static string StartKeySource(Version os) =>
        os >= Windows10 ? "Microsoft-Windows-Kernel-Process ProcessSequenceNumber" : "kernel UniqueProcessKey (no start key before Windows 10)";
}

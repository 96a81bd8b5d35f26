namespace Recorder.Plugins.Signals.Mapping;

/// <summary>
/// The Sigma logsources of a <c>windows.event</c> (a Windows event the EVTX mapping keeps untyped): the service of its
/// channel, as SigmaHQ's Windows pipelines name them (<c>Security</c> → <c>security</c>,
/// <c>Microsoft-Windows-TaskScheduler/Operational</c> → <c>taskscheduler</c>, ...), and for Sysmon and PowerShell the
/// category their event id stands for (Sysmon 17 → <c>pipe_created</c>, PowerShell 4104 → <c>ps_script</c>, ...).
/// The lists are built once; an event only looks its own up.
/// </summary>
internal static class WindowsLogSources
{
    public const string EventType = "windows.event";

    private const string SysmonChannel = "Microsoft-Windows-Sysmon/Operational";
    private const string PowerShellChannel = "Microsoft-Windows-PowerShell/Operational";
    private const string PowerShellCoreChannel = "PowerShellCore/Operational";
    private const string PowerShellClassicChannel = "Windows PowerShell";

    /// <summary>Channel → Sigma service (SigmaHQ's windows logsource definitions; services of several channels repeat).</summary>
    private static readonly Dictionary<string, string> ServiceByChannel = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Security"] = "security",
        ["System"] = "system",
        ["Application"] = "application",
        [SysmonChannel] = "sysmon",
        [PowerShellChannel] = "powershell",
        [PowerShellCoreChannel] = "powershell",
        [PowerShellClassicChannel] = "powershell-classic",
        ["Microsoft-Windows-TaskScheduler/Operational"] = "taskscheduler",
        ["Microsoft-Windows-WMI-Activity/Operational"] = "wmi",
        ["Microsoft-Windows-Windows Defender/Operational"] = "windefend",
        ["Microsoft-Windows-Windows Firewall With Advanced Security/Firewall"] = "firewall-as",
        ["Microsoft-Windows-Bits-Client/Operational"] = "bits-client",
        ["Microsoft-Windows-CodeIntegrity/Operational"] = "codeintegrity-operational",
        ["Microsoft-Windows-AppXDeploymentServer/Operational"] = "appxdeployment-server",
        ["Microsoft-Windows-AppxPackaging/Operational"] = "appxpackaging-om",
        ["Microsoft-Windows-AppModel-Runtime/Admin"] = "appmodel-runtime",
        ["Microsoft-Windows-AppLocker/EXE and DLL"] = "applocker",
        ["Microsoft-Windows-AppLocker/MSI and Script"] = "applocker",
        ["Microsoft-Windows-AppLocker/Packaged app-Deployment"] = "applocker",
        ["Microsoft-Windows-AppLocker/Packaged app-Execution"] = "applocker",
        ["MSExchange Management"] = "msexchange-management",
        ["Microsoft-Windows-DNS Client Events/Operational"] = "dns-client",
        ["DNS Server"] = "dns-server",
        ["Microsoft-Windows-DNS-Server/Analytical"] = "dns-server-analytic",
        ["Microsoft-Windows-NTLM/Operational"] = "ntlm",
        ["Microsoft-Windows-Security-Mitigations/Kernel Mode"] = "security-mitigations",
        ["Microsoft-Windows-Security-Mitigations/User Mode"] = "security-mitigations",
        ["Microsoft-Windows-TerminalServices-LocalSessionManager/Operational"] = "terminalservices-localsessionmanager",
        ["Microsoft-Windows-SmbClient/Security"] = "smbclient-security",
        ["Microsoft-Windows-SmbClient/Connectivity"] = "smbclient-connectivity",
        ["Microsoft-Windows-SMBServer/Connectivity"] = "smbserver-connectivity",
        ["Microsoft-Windows-Shell-Core/Operational"] = "shell-core",
        ["Microsoft-Windows-PrintService/Admin"] = "printservice-admin",
        ["Microsoft-Windows-PrintService/Operational"] = "printservice-operational",
        ["Microsoft-Windows-LSA/Operational"] = "lsa-server",
        ["Microsoft-Windows-LDAP-Client/Debug"] = "ldap",
        ["Microsoft-Windows-DriverFrameworks-UserMode/Operational"] = "driver-framework",
        ["Microsoft-Windows-Diagnosis-Scripted/Operational"] = "diagnosis-scripted",
        ["Microsoft-Windows-CAPI2/Operational"] = "capi2",
        ["Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational"] = "certificateservicesclient-lifecycle-system",
        ["Microsoft-Windows-BitLocker/BitLocker Management"] = "bitlocker",
        ["Microsoft-Windows-VHDMP-Operational"] = "vhdmp",
        ["Microsoft-IIS-Configuration/Operational"] = "iis-configuration",
        ["Microsoft-ServiceBus-Client"] = "microsoft-servicebus-client",
        ["OpenSSH/Operational"] = "openssh",
    };

    /// <summary>Sysmon event ids the typed mapping leaves to <c>windows.event</c> → their Sigma category.</summary>
    private static readonly Dictionary<long, string> SysmonCategories = new()
    {
        [2] = "file_change", [4] = "sysmon_status", [16] = "sysmon_status", [9] = "raw_access_thread",
        [15] = "create_stream_hash", [17] = "pipe_created", [18] = "pipe_created", [19] = "wmi_event", [20] = "wmi_event",
        [21] = "wmi_event", [24] = "clipboard_capture", [25] = "process_tampering", [27] = "file_block", [28] = "file_block",
        [29] = "file_executable_detected", [255] = "sysmon_error",
    };

    /// <summary>PowerShell's module (4103) and script block (4104) logging, and the classic log's engine (400) and provider (600) starts.</summary>
    private static readonly Dictionary<(string Channel, long EventId), string> PowerShellCategories = new()
    {
        [(PowerShellChannel, 4103)] = "ps_module", [(PowerShellChannel, 4104)] = "ps_script",
        [(PowerShellCoreChannel, 4103)] = "ps_module", [(PowerShellCoreChannel, 4104)] = "ps_script",
        [(PowerShellClassicChannel, 400)] = "ps_classic_start", [(PowerShellClassicChannel, 600)] = "ps_classic_provider_start",
    };

    // Every (channel, id) answer built up front: evaluating an event allocates nothing.
    private static readonly Dictionary<string, string[]> ByChannel = ServiceByChannel.ToDictionary(
        pair => pair.Key, pair => new[] { pair.Value }, StringComparer.OrdinalIgnoreCase);

    private static readonly Dictionary<string, Dictionary<long, string[]>> ByChannelAndId = SysmonCategories
        .Select(pair => (Channel: SysmonChannel, EventId: pair.Key, Category: pair.Value))
        .Concat(PowerShellCategories.Select(pair => (pair.Key.Channel, pair.Key.EventId, Category: pair.Value)))
        .GroupBy(item => item.Channel, StringComparer.OrdinalIgnoreCase)
        .ToDictionary(channel => channel.Key,
            channel => channel.ToDictionary(item => item.EventId, item => new[] { item.Category, ServiceByChannel[item.Channel] }),
            StringComparer.OrdinalIgnoreCase);

    /// <summary>Every Sigma service a channel maps to.</summary>
    public static IReadOnlySet<string> Services { get; } = ServiceByChannel.Values.ToHashSet(StringComparer.Ordinal);

    /// <summary>Every category an untyped Sysmon or PowerShell event is evaluated as.</summary>
    public static IReadOnlyCollection<string> Categories { get; } = SysmonCategories.Values.Concat(PowerShellCategories.Values).Distinct().ToArray();

    /// <summary>The logsources of a <c>windows.event</c>: [category, service], [service], or none for a channel Sigma has no service for.</summary>
    public static IReadOnlyList<string> Of(IEventFields e)
    {
        if (e.Get("windows.channel") is not string channel) return [];
        if (e.Get("windows.event_id") is long id && ByChannelAndId.TryGetValue(channel, out var byId) && byId.TryGetValue(id, out var both))
            return both;
        return ByChannel.TryGetValue(channel, out var service) ? service : [];
    }
}

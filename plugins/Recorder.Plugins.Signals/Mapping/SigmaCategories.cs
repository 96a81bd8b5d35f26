using Recorder.Sigma;

namespace Recorder.Plugins.Signals.Mapping;

/// <summary>
/// Which Sigma logsources a Recorder event type is evaluated as: categories, for the Windows Security log's logons
/// the service <c>security</c>, and for an untyped Windows event (<c>windows.event</c>) the service of its channel and
/// the category of its Sysmon or PowerShell event id (<see cref="WindowsLogSources"/>). A registry event is both its specific category (<c>registry_set</c>, ...) and
/// <c>registry_event</c>, as Sysmon 12–14 are for Sigma. Types with none (signals themselves, Linux and macOS logons,
/// whose Sigma rules read raw log lines) are not evaluated.
/// </summary>
internal static class SigmaCategories
{
    public const string ProcessCreation = "process_creation";
    public const string ProcessTermination = "process_termination";
    public const string FileEvent = "file_event";
    public const string FileDelete = "file_delete";
    public const string NetworkConnection = "network_connection";
    public const string RegistryEvent = "registry_event";
    public const string RegistryAdd = "registry_add";
    public const string RegistrySet = "registry_set";
    public const string RegistryDelete = "registry_delete";
    public const string RegistryRename = "registry_rename";
    public const string DnsQuery = "dns_query";
    public const string ImageLoad = "image_load";
    public const string DriverLoad = "driver_load";
    public const string ProcessAccess = "process_access";
    public const string CreateRemoteThread = "create_remote_thread";
    /// <summary>Not a category: Sigma's <c>service: security</c> (the Windows Security log), with the log's own field names.</summary>
    public const string SecurityService = "security";

    private static readonly string[] WindowsSecurity = [SecurityService];

    private static readonly Dictionary<string, string[]> ByType = new(StringComparer.Ordinal)
    {
        ["process.start"] = [ProcessCreation],
        ["process.exit"] = [ProcessTermination],
        ["file.create"] = [FileEvent],
        ["file.write"] = [FileEvent],
        ["file.rename"] = [FileEvent],
        ["file.delete"] = [FileDelete],
        ["network.connect"] = [NetworkConnection],
        ["network.accept"] = [NetworkConnection],
        ["registry.key_create"] = [RegistryAdd, RegistryEvent],
        ["registry.key_delete"] = [RegistryDelete, RegistryEvent],
        ["registry.value_delete"] = [RegistryDelete, RegistryEvent],
        ["registry.value_set"] = [RegistrySet, RegistryEvent],
        ["registry.key_rename"] = [RegistryRename, RegistryEvent],
        ["dns.query"] = [DnsQuery],
        ["image.load"] = [ImageLoad],
        ["driver.load"] = [DriverLoad],
        ["process.access"] = [ProcessAccess],
        ["process.remote_thread"] = [CreateRemoteThread],
    };

    /// <summary>The event types of the Windows Security log's logons (<see cref="SecurityService"/>).</summary>
    public static IReadOnlySet<string> SecurityLogTypes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "session.login", "session.logout", "auth.failure", "auth.success", "privilege.change",
    };

    /// <summary>The event types some logsource covers: what <c>recorder hunt</c> reads.</summary>
    public static IReadOnlyCollection<string> EvaluatedTypes { get; } =
        ByType.Keys.Concat(SecurityLogTypes).Append(WindowsLogSources.EventType).ToArray();

    /// <summary>The logsource key of <paramref name="name"/> (a category, or a Windows service such as <see cref="SecurityService"/>) for <paramref name="product"/>.</summary>
    public static SigmaLogSourceKey KeyOf(string name, string product) =>
        IsService(name) ? new SigmaLogSourceKey(null, product, name) : new SigmaLogSourceKey(name, product);

    /// <summary>True when <paramref name="name"/> is a Sigma service (<c>security</c>, <c>taskscheduler</c>, ...), not a category.</summary>
    public static bool IsService(string name) => name == SecurityService || WindowsLogSources.Services.Contains(name);

    /// <summary>The categories (or service) of <paramref name="e"/> recorded on <paramref name="product"/>; empty when it is not evaluated.</summary>
    public static IReadOnlyList<string> Of(IEventFields e, string product)
    {
        if (product == SigmaProducts.Windows && SecurityLogTypes.Contains(e.Type)) return WindowsSecurity;
        if (e.Type == WindowsLogSources.EventType) return WindowsLogSources.Of(e);
        if (!ByType.TryGetValue(e.Type, out var categories)) return [];
        // A failed exec carries the caller as its process: it is not the creation of the program it named.
        if (e.Type == "process.start" && e.Failed) return [];
        return categories;
    }

    /// <summary>Every category (and service) Recorder produces events for.</summary>
    public static IReadOnlyCollection<string> All { get; } = ByType.Values.SelectMany(c => c).Append(SecurityService)
        .Concat(WindowsLogSources.Categories).Concat(WindowsLogSources.Services).Distinct().ToArray();
}

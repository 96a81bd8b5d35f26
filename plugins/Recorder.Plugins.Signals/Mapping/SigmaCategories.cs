namespace Recorder.Plugins.Signals.Mapping;

/// <summary>
/// Which Sigma logsource categories a Recorder event type is evaluated as. A registry event is both its specific
/// category (<c>registry_set</c>, ...) and <c>registry_event</c>, as Sysmon 12–14 are for Sigma. Types with no category
/// (logons, privilege changes, signals themselves) are not evaluated.
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

    /// <summary>The event types some category covers: what the default subscription routes to the signals sink.</summary>
    public static IReadOnlyCollection<string> EvaluatedTypes => ByType.Keys;

    /// <summary>The categories of <paramref name="e"/>; empty when it is not evaluated.</summary>
    public static IReadOnlyList<string> Of(IEventFields e)
    {
        if (!ByType.TryGetValue(e.Type, out var categories)) return [];
        // A failed exec carries the caller as its process: it is not the creation of the program it named.
        if (e.Type == "process.start" && e.Failed) return [];
        return categories;
    }

    /// <summary>Every category Recorder produces events for.</summary>
    public static IReadOnlyCollection<string> All { get; } = ByType.Values.SelectMany(c => c).Distinct().ToArray();
}

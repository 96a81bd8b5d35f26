namespace Recorder.Contracts;

/// <summary>Version of the plugin contracts this assembly defines.</summary>
public static class ContractsInfo
{
    /// <summary>
    /// The contracts version. A plugin's manifest names the version it was built against; the host refuses a
    /// plugin whose contracts version is newer than its own, because the shared contract types would not match.
    /// </summary>
    public static Version Version => typeof(ContractsInfo).Assembly.GetName().Version is { } v
        ? new Version(v.Major, v.Minor, v.Build)
        : new Version(2, 0, 0);
}

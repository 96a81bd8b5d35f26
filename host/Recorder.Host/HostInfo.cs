namespace Recorder.Host;

/// <summary>Facts about this host build.</summary>
public static class HostInfo
{
    /// <summary>The contracts version the host shares with plugins.</summary>
    public static Version ContractsVersion => Recorder.Contracts.ContractsInfo.Version;
}

namespace Recorder.Trust;

/// <summary>What the verifier checks plugins against.</summary>
public sealed record PluginVerifierOptions
{
    /// <summary>Plugins built against newer contracts are refused.</summary>
    public Version HostContractsVersion { get; init; } = Recorder.Contracts.ContractsInfo.Version;

    public PluginOperatingSystem CurrentOs { get; init; } = PluginOperatingSystems.Current;

    /// <summary>
    /// Refuse plugin folders (and the folders above them, and their files) owned by anyone but root (or the user the
    /// host runs as) or writable by group or others. On by default; tests turn it off only where they test something else.
    /// </summary>
    public bool RequireRootOwnership { get; init; } = true;
}

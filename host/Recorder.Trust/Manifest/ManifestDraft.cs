namespace Recorder.Trust;

/// <summary>
/// What a publisher states about a plugin before signing; <see cref="PluginSigner"/> adds the key id and
/// the list of files with their sizes and hashes.
/// </summary>
public sealed record ManifestDraft
{
    public required string Id { get; init; }
    public required string Version { get; init; }
    public required ulong Sequence { get; init; }
    public required IReadOnlyList<PluginKind> Kinds { get; init; }
    public IReadOnlyList<PluginOperatingSystem> OperatingSystems { get; init; } = [PluginOperatingSystem.Any];
    public required Version ContractsVersion { get; init; }

    /// <summary>File name of the entry assembly at the top of the folder.</summary>
    public required string EntryAssembly { get; init; }

    /// <summary>A sequence number for a build made now: the UTC time as yyyyMMddHHmmss, so later builds sort higher.</summary>
    public static ulong TimestampSequence(DateTime utcNow) =>
        ulong.Parse(utcNow.ToUniversalTime().ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture),
            System.Globalization.CultureInfo.InvariantCulture);
}

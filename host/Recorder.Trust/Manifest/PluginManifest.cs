namespace Recorder.Trust;

/// <summary>
/// A parsed plugin manifest (<c>manifest.json</c>): who the plugin is, what it needs and every file it consists of.
/// The signature covers the manifest's exact bytes, so this object is only trustworthy once
/// <see cref="PluginVerifier"/> has accepted it.
/// </summary>
public sealed class PluginManifest
{
    /// <summary>The manifest format this code reads and writes.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>The only signature algorithm defined so far: ECDSA over P-256 with SHA-256.</summary>
    public const string EcdsaP256Sha256 = "ecdsa-p256-sha256";

    public required int FormatVersion { get; init; }

    /// <summary>Lower-case dotted id, e.g. <c>recorder.sinks.sqlite</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Semantic version for people; <see cref="Sequence"/> is what orders releases.</summary>
    public required string Version { get; init; }

    /// <summary>Monotonically increasing release number; the host refuses a lower one than it has accepted.</summary>
    public required ulong Sequence { get; init; }

    public required IReadOnlyList<PluginKind> Kinds { get; init; }

    public required IReadOnlyList<PluginOperatingSystem> OperatingSystems { get; init; }

    /// <summary>The contracts version the plugin was built against.</summary>
    public required Version ContractsVersion { get; init; }

    /// <summary>File name of the assembly the host loads, listed in <see cref="Files"/>.</summary>
    public required string EntryAssembly { get; init; }

    /// <summary>Id of the publisher key that signed the manifest, looked up in the trust store.</summary>
    public required string KeyId { get; init; }

    /// <summary>Signature algorithm, <see cref="EcdsaP256Sha256"/>.</summary>
    public required string Alg { get; init; }

    /// <summary>Every file of the plugin folder except <c>manifest.json</c> and <c>manifest.sig</c>.</summary>
    public required IReadOnlyList<PluginFileEntry> Files { get; init; }

    /// <summary>True when the plugin runs on <paramref name="os"/>.</summary>
    public bool RunsOn(PluginOperatingSystem os)
    {
        foreach (var listed in OperatingSystems)
            if (listed == PluginOperatingSystem.Any || listed == os) return true;
        return false;
    }

    public override string ToString() => $"{Id} {Version} (sequence {Sequence})";
}

namespace Recorder.Trust;

/// <summary>
/// A verified plugin copied into the host-owned staging folder. Load only <see cref="EntryAssemblyPath"/>, which lies
/// inside <see cref="Directory"/>; never the original plugin folder.
/// </summary>
/// <param name="ManifestSha256">SHA-256 of the exact manifest bytes, lower-case hex: identifies this release.</param>
public sealed record StagedPlugin(PluginManifest Manifest, string Directory, string EntryAssemblyPath, string ManifestSha256);

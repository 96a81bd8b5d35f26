namespace Recorder.Trust;

/// <summary>The result of signing a folder: the manifest, its exact bytes as written, and their SHA-256 in hex.</summary>
public sealed record SignedPlugin(PluginManifest Manifest, byte[] ManifestBytes, string ManifestSha256);

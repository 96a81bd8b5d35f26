namespace Recorder.Trust;

/// <summary>What verification established about a folder: the exact manifest and signature bytes it accepted.</summary>
internal sealed record VerifiedFolder(string Directory, PluginManifest Manifest, byte[] ManifestBytes, byte[] SignatureBytes, string ManifestSha256);

using System.Security.Cryptography;

namespace Recorder.Trust;

/// <summary>
/// Signs a plugin folder: lists and hashes every file, writes <c>manifest.json</c>, signs its exact bytes and writes
/// <c>manifest.sig</c>. Used by <c>recorder plugin sign</c>, by the build (signed bundles) and by tests.
/// </summary>
public static class PluginSigner
{
    /// <summary>Writes a signed manifest for <paramref name="directory"/> as it is now.</summary>
    /// <exception cref="PluginSigningException">The draft or the folder cannot be signed; the message says why.</exception>
    public static SignedPlugin Sign(string directory, ManifestDraft draft, ECDsa key, string keyId)
    {
        var manifest = CreateManifest(directory, draft, keyId);
        var bytes = PluginManifestWriter.Write(manifest);
        WriteSigned(directory, bytes, key);
        return new SignedPlugin(manifest, bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    public static SignedPlugin Sign(string directory, ManifestDraft draft, SigningKey key) => Sign(directory, draft, key.Key, key.KeyId);

    /// <summary>Builds the manifest for a folder without writing anything.</summary>
    public static PluginManifest CreateManifest(string directory, ManifestDraft draft, string keyId)
    {
        Validate(draft, keyId);
        var paths = PluginFolderFiles.List(directory);
        if (!paths.Contains(draft.EntryAssembly))
            throw new PluginSigningException($"{directory}: the entry assembly '{draft.EntryAssembly}' is not in the folder");
        if (paths.Count > ManifestRules.MaxFiles)
            throw new PluginSigningException($"{directory}: holds {paths.Count} files; a manifest lists at most {ManifestRules.MaxFiles}");

        var files = new List<PluginFileEntry>(paths.Count);
        foreach (var relative in paths)
        {
            var (size, sha256) = FileDigest.Compute(Path.Combine(directory, relative));
            files.Add(new PluginFileEntry(relative, size, sha256));
        }
        return new PluginManifest
        {
            FormatVersion = PluginManifest.CurrentFormatVersion,
            Id = draft.Id,
            Version = draft.Version,
            Sequence = draft.Sequence,
            Kinds = draft.Kinds,
            OperatingSystems = draft.OperatingSystems,
            ContractsVersion = draft.ContractsVersion,
            EntryAssembly = draft.EntryAssembly,
            KeyId = keyId,
            Alg = PluginManifest.EcdsaP256Sha256,
            Files = files,
        };
    }

    /// <summary>
    /// Writes <paramref name="manifestBytes"/> as <c>manifest.json</c> and its signature as <c>manifest.sig</c>, without
    /// checking what the bytes say (tests use this to sign deliberately bad manifests).
    /// </summary>
    public static void WriteSigned(string directory, byte[] manifestBytes, ECDsa key)
    {
        var signature = ManifestSignature.EncodeFile(ManifestSignature.Sign(manifestBytes, key));
        File.WriteAllBytes(Path.Combine(directory, ManifestRules.ManifestFileName), manifestBytes);
        File.WriteAllBytes(Path.Combine(directory, ManifestRules.SignatureFileName), signature);
    }

    private static void Validate(ManifestDraft draft, string keyId)
    {
        if (!ManifestRules.IsValidPluginId(draft.Id))
            throw new PluginSigningException($"id '{draft.Id}' is not a lower-case dotted id such as 'acme.sinks.archive'");
        if (!ManifestRules.IsValidSemVer(draft.Version))
            throw new PluginSigningException($"version '{draft.Version}' is not a semantic version such as '1.2.0'");
        if (!ManifestRules.IsValidKeyId(keyId))
            throw new PluginSigningException($"key id '{keyId}' is not a key id (lower-case letters, digits, '.', '_', '-')");
        if (draft.Kinds.Count == 0) throw new PluginSigningException("no kind given: collector, enricher or sink");
        if (draft.OperatingSystems.Count == 0) throw new PluginSigningException("no operating system given: linux, windows, macos or any");
        if (draft.EntryAssembly.Contains('/') || !draft.EntryAssembly.EndsWith(".dll", StringComparison.Ordinal))
            throw new PluginSigningException($"entry assembly '{draft.EntryAssembly}' must be a .dll file name at the top of the folder");
    }
}

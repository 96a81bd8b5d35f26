using System.Security.Cryptography;

namespace Recorder.Trust;

/// <summary>
/// Copies a verified plugin into the host-owned staging folder. The bytes are hashed while they are copied and compared
/// with the signed manifest (so what is staged is exactly what was signed, even if the source changes meanwhile), the
/// copy is hashed again from disk, and only then is it renamed into place
/// as <c>&lt;root&gt;/&lt;id&gt;/&lt;version&gt;-&lt;sequence&gt;-&lt;first 12 hex of the manifest hash&gt;/</c>. Folders are 0700, files 0600.
/// </summary>
internal static class PluginStager
{
    public static StagedPlugin Stage(VerifiedFolder folder, string stagingRoot, bool requireRootOwnership)
    {
        var manifest = folder.Manifest;
        var root = Path.GetFullPath(stagingRoot);
        string? temporary = null;
        try
        {
            PrivateFiles.CreateDirectory(root);
            if (requireRootOwnership && PluginFileSystem.Current.CheckDirectoryChain(root) is { } unsafeRoot)
                throw new PluginRefusedException(unsafeRoot.Reason, folder.Directory, $"staging folder is not safe: {unsafeRoot.Message}");

            var pluginRoot = Path.Combine(root, manifest.Id);
            PrivateFiles.CreateDirectory(pluginRoot);
            var final = Path.Combine(pluginRoot, $"{manifest.Version}-{manifest.Sequence}-{folder.ManifestSha256[..12]}");
            temporary = Path.Combine(pluginRoot, $".staging-{Guid.NewGuid():N}");
            PrivateFiles.CreateDirectory(temporary);

            foreach (var file in manifest.Files)
            {
                var target = Path.Combine(temporary, file.Path);
                CreatePrivateDirectories(temporary, Path.GetDirectoryName(target)!);
                long size;
                byte[] sha256;
                using (var destination = PrivateFiles.Create(target))
                    (size, sha256) = FileDigest.CopyAndCompute(Path.Combine(folder.Directory, file.Path), destination, file.Size);
                // This is the content check for staging: the hash of exactly the bytes that were copied.
                if (!FileSetCheck.Matches(file, size, sha256))
                    throw new PluginRefusedException(PluginRefusalReason.FileMismatch, folder.Directory, FileSetCheck.Mismatch(file, size).Message);
            }
            WritePrivateFile(Path.Combine(temporary, ManifestRules.ManifestFileName), folder.ManifestBytes);
            WritePrivateFile(Path.Combine(temporary, ManifestRules.SignatureFileName), folder.SignatureBytes);

            var staged = new StagedPlugin(manifest, final, Path.Combine(final, manifest.EntryAssembly), folder.ManifestSha256);
            if (RecheckAt(temporary, staged) is { } copyProblem)
                throw new PluginRefusedException(PluginRefusalReason.StagingFailed, folder.Directory, $"the staged copy does not match: {copyProblem.Message}");

            if (Directory.Exists(final))
            {
                // The same release was staged before (a restart): keep that copy if it is intact, else replace it.
                if (RecheckAt(final, staged) is null) return staged;
                var stale = Path.Combine(pluginRoot, $".stale-{Guid.NewGuid():N}");
                Directory.Move(final, stale);
                Directory.Delete(stale, recursive: true);
            }
            Directory.Move(temporary, final);
            temporary = null;
            return staged;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PluginRefusedException(PluginRefusalReason.StagingFailed, folder.Directory, $"cannot stage into {root}: {e.Message}", e);
        }
        finally
        {
            if (temporary is not null && Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
        }
    }

    /// <summary>Re-hashes a staged plugin in place.</summary>
    public static PluginVerification Recheck(StagedPlugin staged)
    {
        try
        {
            return RecheckAt(staged.Directory, staged) is { } problem
                ? PluginVerification.Refuse(problem.Reason, $"{staged.Directory}: {problem.Message}", staged.Manifest)
                : new PluginVerification(true, staged.Manifest, null, $"{staged.Manifest}: staged copy intact");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return PluginVerification.Refuse(PluginRefusalReason.Unreadable, $"{staged.Directory}: {e.Message}", staged.Manifest);
        }
    }

    private static SafetyProblem? RecheckAt(string directory, StagedPlugin staged)
    {
        if (!Directory.Exists(directory)) return new SafetyProblem(PluginRefusalReason.FolderMissing, $"{directory}: no such folder");
        var manifestPath = Path.Combine(directory, ManifestRules.ManifestFileName);
        if (!File.Exists(manifestPath)) return new SafetyProblem(PluginRefusalReason.ManifestMissing, $"{ManifestRules.ManifestFileName}: not found");
        var manifestHash = SHA256.HashData(File.ReadAllBytes(manifestPath));
        if (!CryptographicOperations.FixedTimeEquals(manifestHash, Convert.FromHexString(staged.ManifestSha256)))
            return new SafetyProblem(PluginRefusalReason.ManifestInvalid, $"{ManifestRules.ManifestFileName}: differs from the manifest that was verified");

        var (scan, problem) = FolderScan.Run(directory, checkOwnership: false);
        if (problem is not null) return problem;
        return FileSetCheck.Compare(directory, scan!, staged.Manifest);
    }

    private static void CreatePrivateDirectories(string root, string directory)
    {
        if (directory.Length <= root.Length || Directory.Exists(directory)) return;
        CreatePrivateDirectories(root, Path.GetDirectoryName(directory)!);
        PrivateFiles.CreateDirectory(directory);
    }

    private static void WritePrivateFile(string path, byte[] bytes)
    {
        using var stream = PrivateFiles.Create(path);
        stream.Write(bytes);
    }
}

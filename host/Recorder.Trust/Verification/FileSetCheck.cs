using System.Security.Cryptography;

namespace Recorder.Trust;

/// <summary>Checks that a folder holds exactly the manifest's files, each with the stated size and SHA-256.</summary>
internal static class FileSetCheck
{
    /// <summary>Null when the folder matches the manifest; otherwise the first difference.</summary>
    /// <param name="hashFiles">False when the caller hashes the bytes itself as it copies them (staging).</param>
    public static SafetyProblem? Compare(string directory, FolderScan scan, PluginManifest manifest, bool hashFiles = true)
    {
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in manifest.Files) listed.Add(file.Path);

        foreach (var present in scan.Files.Keys)
        {
            if (present is ManifestRules.ManifestFileName or ManifestRules.SignatureFileName) continue;
            if (!listed.Contains(present))
                return new SafetyProblem(PluginRefusalReason.UnlistedFile, $"{present}: is in the folder but not in the manifest");
        }

        foreach (var file in manifest.Files)
        {
            if (!scan.Files.TryGetValue(file.Path, out var size))
                return new SafetyProblem(PluginRefusalReason.FileMissing, $"{file.Path}: is listed in the manifest but not in the folder");
            if (size != file.Size)
                return new SafetyProblem(PluginRefusalReason.FileMismatch, $"{file.Path}: is {size} bytes; the manifest says {file.Size}");
        }

        if (!hashFiles) return null;
        foreach (var file in manifest.Files)
        {
            if (HashProblem(Path.Combine(directory, file.Path), file) is { } problem) return problem;
        }
        return null;
    }

    /// <summary>Hashes one file and compares it (size and SHA-256, constant-time) with its manifest entry.</summary>
    public static SafetyProblem? HashProblem(string path, PluginFileEntry expected)
    {
        var (size, sha256) = FileDigest.Compute(path, expected.Size);
        return Matches(expected, size, sha256) ? null : Mismatch(expected, size);
    }

    public static bool Matches(PluginFileEntry expected, long size, byte[] sha256) =>
        size == expected.Size && CryptographicOperations.FixedTimeEquals(sha256, expected.Sha256.Span);

    public static SafetyProblem Mismatch(PluginFileEntry expected, long size) =>
        new(PluginRefusalReason.FileMismatch,
            size > expected.Size ? $"{expected.Path}: is larger than the {expected.Size} bytes the manifest says"
            : size < expected.Size ? $"{expected.Path}: is {size} bytes; the manifest says {expected.Size}"
            : $"{expected.Path}: its SHA-256 differs from the manifest's");
}

using Recorder.Plugins.Enrichers.Process.Linux;

namespace Recorder.Plugins.Enrichers.Process.Paths;

/// <summary>
/// Makes paths absolute and lexically clean (no <c>.</c>, <c>..</c> or repeated slashes) without touching the
/// disk, and resolves symlinks the way the kernel would (through realpath).
/// </summary>
public static class PathNormalizer
{
    /// <summary>
    /// <paramref name="path"/> made absolute against <paramref name="workingDirectory"/> with <c>.</c>, <c>..</c>
    /// and duplicate slashes removed. Returns the same instance when it is already clean (the common case).
    /// </summary>
    public static string MakeAbsolute(string path, string? workingDirectory)
    {
        if (path.Length == 0) return path;
        if (path[0] != '/')
        {
            if (string.IsNullOrEmpty(workingDirectory) || workingDirectory[0] != '/') return path; // cannot do better
            path = workingDirectory + "/" + path;
        }
        return IsClean(path) ? path : Clean(path);
    }

    /// <summary>
    /// The path with every symlink resolved. When the file no longer exists (deleted since), its directory is
    /// resolved and the name appended. Null when even the directory is gone.
    /// </summary>
    public static string? ResolveSymlinks(string absolutePath)
    {
        if (NativePath.RealPath(absolutePath) is { } resolved) return resolved;
        var slash = absolutePath.LastIndexOf('/');
        if (slash <= 0) return null;
        var directory = NativePath.RealPath(absolutePath[..slash]);
        if (directory is null) return null;
        return directory == "/" ? absolutePath[slash..] : directory + absolutePath[slash..];
    }

    /// <summary>One pass: no "//", no "/." or "/.." segment, no trailing slash (except "/" itself).</summary>
    private static bool IsClean(string path)
    {
        var length = path.Length;
        for (var i = path.IndexOf('/'); i >= 0 && i < length; i = path.IndexOf('/', i + 1))
        {
            if (i + 1 == length) return length == 1;
            var next = path[i + 1];
            if (next == '/') return false;
            if (next != '.') continue;
            var j = i + 2;
            if (j == length || path[j] == '/') return false;                                  // "/."
            if (path[j] == '.' && (j + 1 == length || path[j + 1] == '/')) return false;       // "/.."
        }
        return true;
    }

    private static string Clean(string path)
    {
        // Lexical: "a/b/../c" becomes "a/c". When b is a symlink the kernel's answer differs; that answer is
        // what ResolveSymlinks gives (file.target_path).
        var parts = new List<string>();
        foreach (var range in path.AsSpan().Split('/'))
        {
            var part = path[range];
            if (part.Length == 0 || part == ".") continue;
            if (part == "..") { if (parts.Count > 0) parts.RemoveAt(parts.Count - 1); continue; }
            parts.Add(part);
        }
        return "/" + string.Join('/', parts);
    }
}

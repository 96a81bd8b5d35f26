namespace Recorder.Plugins.Enrichers.Process.Paths;

/// <summary>
/// Remembers what a path resolved to for a short time, so that a process writing the same file again and again
/// (logs, databases) costs a dictionary lookup instead of one readlink per path component. An answer is at
/// most <c>path_cache_milliseconds</c> old: a symlink swapped within that time may be reported with its
/// previous target. Used only by the pipeline thread.
/// </summary>
internal sealed class ResolvedPathCache
{
    private const int MaxEntries = 65_536;
    private readonly Dictionary<string, (string? Resolved, long ExpiresAtMs)> _entries = new(StringComparer.Ordinal);
    private readonly long _ttlMs;

    public ResolvedPathCache(long ttlMilliseconds) => _ttlMs = ttlMilliseconds;

    /// <summary>The resolved path (or null when it could not be resolved), from the cache or the disk.</summary>
    public string? Resolve(string absolutePath)
    {
        if (_ttlMs <= 0) return PathNormalizer.ResolveSymlinks(absolutePath);
        var now = Environment.TickCount64;
        if (_entries.TryGetValue(absolutePath, out var hit) && hit.ExpiresAtMs > now) return hit.Resolved;
        var resolved = PathNormalizer.ResolveSymlinks(absolutePath);
        if (_entries.Count >= MaxEntries) _entries.Clear(); // bounded; refills with what is in use
        _entries[absolutePath] = (resolved, now + _ttlMs);
        return resolved;
    }
}

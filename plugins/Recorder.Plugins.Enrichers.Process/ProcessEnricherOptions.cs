using Recorder.Contracts.Plugins;

namespace Recorder.Plugins.Enrichers.Process;

/// <summary>
/// Settings of the process enrichers (<c>plugins: recorder.enrichers.process:</c>, snake_case keys). Every
/// enricher of this plugin binds the same settings and uses the part it needs. See docs/enrichers.md.
/// </summary>
public sealed class ProcessEnricherOptions
{
    /// <summary>How long an exited process stays in the table so that late events still resolve.</summary>
    public int ExitedRetentionSeconds { get; set; } = 300;
    /// <summary>Most processes (running and exited) kept; the oldest exited go first.</summary>
    public int MaxTrackedProcesses { get; set; } = 200_000;
    /// <summary>Most ancestors listed on an event.</summary>
    public int MaxAncestryDepth { get; set; } = 32;
    /// <summary>How often the table checks /proc for processes whose exit it missed, and evicts.</summary>
    public int MaintenanceIntervalSeconds { get; set; } = 10;
    /// <summary>Whether to save the table at stop and compare it at the next start.</summary>
    public bool SaveSnapshot { get; set; } = true;

    /// <summary>User database (passwd format).</summary>
    public string PasswdPath { get; set; } = "/etc/passwd";
    /// <summary>Group database (group format).</summary>
    public string GroupPath { get; set; } = "/etc/group";
    /// <summary>How often the user and group files are checked for changes (mtime), off the hot path.</summary>
    public int UserRefreshSeconds { get; set; } = 5;

    /// <summary>
    /// How long a resolved file path (symlinks followed) is reused for later events on the same path; 0 resolves
    /// every time. Bounds how stale file.target_path can be when a symlink is swapped.
    /// </summary>
    public int PathCacheMilliseconds { get; set; } = 1000;

    /// <summary>Hash algorithms: sha256 (default), sha1, md5; several are joined with ';' in process.hash.</summary>
    public List<string> HashAlgorithms { get; set; } = ["sha256"];
    /// <summary>Files larger than this are not hashed (process.hash_error says so).</summary>
    public long HashMaxFileBytes { get; set; } = 64L * 1024 * 1024;
    /// <summary>Files up to this size are hashed at once on a cache miss; larger ones go to the background queue.</summary>
    public long HashSyncMaxBytes { get; set; } = 4L * 1024 * 1024;
    /// <summary>Capacity of the background hash queue; when full, the event says so.</summary>
    public int HashQueueCapacity { get; set; } = 256;
    /// <summary>Most file hashes cached (by device, inode, size, mtime, ctime).</summary>
    public int HashCacheEntries { get; set; } = 20_000;

    /// <summary>Checks every value; throws <see cref="PluginOptionsException"/> naming the bad one.</summary>
    public void Validate()
    {
        Positive(ExitedRetentionSeconds, "exited_retention_seconds");
        Positive(MaxTrackedProcesses, "max_tracked_processes");
        Positive(MaxAncestryDepth, "max_ancestry_depth");
        Positive(MaintenanceIntervalSeconds, "maintenance_interval_seconds");
        Positive(UserRefreshSeconds, "user_refresh_seconds");
        Positive(HashMaxFileBytes, "hash_max_file_bytes");
        if (PathCacheMilliseconds < 0) throw new PluginOptionsException("path_cache_milliseconds", "must be 0 (no cache) or more.");
        if (HashSyncMaxBytes < 0) throw new PluginOptionsException("hash_sync_max_bytes", "must be 0 or more.");
        Positive(HashQueueCapacity, "hash_queue_capacity");
        Positive(HashCacheEntries, "hash_cache_entries");
        if (HashAlgorithms is null || HashAlgorithms.Count == 0)
            throw new PluginOptionsException("hash_algorithms", "list at least one of sha256, sha1, md5.");
        foreach (var name in HashAlgorithms)
            if (!Hashes.HashAlgorithmSet.IsKnown(name))
                throw new PluginOptionsException("hash_algorithms", $"'{name}' is not one of sha256, sha1, md5.");
    }

    private static void Positive(long value, string key)
    {
        if (value <= 0) throw new PluginOptionsException(key, $"must be greater than 0 (got {value}).");
    }

    internal static ProcessEnricherOptions From(IPluginServices services)
    {
        var options = services.Settings.Bind<ProcessEnricherOptions>();
        options.Validate();
        return options;
    }
}

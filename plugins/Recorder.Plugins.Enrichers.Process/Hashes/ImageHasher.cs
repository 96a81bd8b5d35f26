using System.Threading.Channels;
using Recorder.Plugins.Enrichers.Process.Linux;

namespace Recorder.Plugins.Enrichers.Process.Hashes;

/// <summary>
/// Hashes executable images and modules, cached by file identity (device, inode, size, mtime, ctime) so a file
/// replaced in place (new mtime/ctime) is hashed again while processes that ran the old one keep the old hash.
/// On a cache miss a file up to <see cref="ProcessEnricherOptions.HashSyncMaxBytes"/> is hashed at once;
/// a larger one goes to a bounded queue served by one background worker and the slot reads "pending".
/// </summary>
internal sealed class ImageHasher : IAsyncDisposable
{
    private readonly HashAlgorithmSet _algorithms;
    private readonly ProcessEnricherOptions _options;
    private readonly Dictionary<FileIdentity, HashSlot> _cache = new();
    private readonly Queue<FileIdentity> _insertionOrder = new();
    private readonly Channel<(string Path, FileIdentity Identity, HashSlot Slot)> _queue;
    private readonly Task _worker;
    private readonly Lock _lock = new();

    public ImageHasher(ProcessEnricherOptions options)
    {
        _options = options;
        _algorithms = new HashAlgorithmSet(options.HashAlgorithms);
        _queue = Channel.CreateBounded<(string, FileIdentity, HashSlot)>(
            new BoundedChannelOptions(options.HashQueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
        _worker = Task.Run(WorkAsync);
    }

    public long Computed;
    public long CacheHits;
    public long QueueFull;

    /// <summary>Completes once the queue is empty (tests and benchmarks).</summary>
    public async Task DrainAsync()
    {
        while (Volatile.Read(ref _outstanding) > 0) await Task.Delay(5);
    }

    private int _outstanding;

    /// <summary>
    /// The hash slot of the file at <paramref name="path"/> as it is now: one statx, then the cache; on a miss
    /// the file is hashed now or queued. <paramref name="fallbackPath"/> (such as /proc/&lt;pid&gt;/exe) is tried
    /// when the path itself is gone (deleted or replaced by rename after the exec).
    /// </summary>
    public HashSlot GetSlot(string path, string? fallbackPath = null)
    {
        if (!NativePath.TryGetIdentity(path, out var identity, out var errno))
        {
            if (fallbackPath is null || !NativePath.TryGetIdentity(fallbackPath, out identity, out _))
                return HashSlot.Failed(Describe(errno));
            path = fallbackPath;
        }
        lock (_lock)
        {
            if (_cache.TryGetValue(identity, out var cached))
            {
                Interlocked.Increment(ref CacheHits);
                return cached;
            }
        }
        if (identity.Size > _options.HashMaxFileBytes)
            return Remember(identity, HashSlot.Failed($"too large: {identity.Size} bytes (hash_max_file_bytes is {_options.HashMaxFileBytes})"));
        if (identity.Size <= _options.HashSyncMaxBytes)
            return Remember(identity, Compute(path, identity));
        var slot = HashSlot.Queued();
        Interlocked.Increment(ref _outstanding);
        if (!_queue.Writer.TryWrite((path, identity, slot)))
        {
            Interlocked.Decrement(ref _outstanding);
            Interlocked.Increment(ref QueueFull);
            return HashSlot.Failed("hash queue full: not hashed"); // not cached: the next exec tries again
        }
        return Remember(identity, slot);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _worker.ConfigureAwait(false);
    }

    private HashSlot Remember(FileIdentity identity, HashSlot slot)
    {
        lock (_lock)
        {
            if (_cache.TryGetValue(identity, out var existing)) return existing;
            if (_cache.Count >= _options.HashCacheEntries && _insertionOrder.TryDequeue(out var oldest)) _cache.Remove(oldest);
            _cache[identity] = slot;
            _insertionOrder.Enqueue(identity);
            return slot;
        }
    }

    private HashSlot Compute(string path, FileIdentity identity)
    {
        var (hash, error) = HashNow(path, identity);
        return hash is not null ? HashSlot.Done(hash) : HashSlot.Failed(error!);
    }

    private (string? Hash, string? Error) HashNow(string path, FileIdentity identity)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var hash = _algorithms.HashFile(handle);
            Interlocked.Increment(ref Computed);
            // The file changed while we read it: the hash matches neither version.
            if (NativePath.TryGetIdentity(path, out var after, out _) && after != identity)
                return (null, "changed while being hashed");
            return (hash, null);
        }
        catch (FileNotFoundException) { return (null, "file not found"); }
        catch (DirectoryNotFoundException) { return (null, "file not found"); }
        catch (UnauthorizedAccessException ex) { return (null, "unreadable: " + ex.Message); }
        catch (IOException ex) { return (null, "unreadable: " + ex.Message); }
    }

    private async Task WorkAsync()
    {
        await foreach (var (path, identity, slot) in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            var (hash, error) = HashNow(path, identity);
            slot.Complete(hash, error);
            Interlocked.Decrement(ref _outstanding);
        }
    }

    private static string Describe(int errno) => errno switch
    {
        2 => "file not found",
        13 => "permission denied",
        20 => "file not found (a path component is not a directory)",
        36 => "path too long",
        _ => $"cannot stat the file (errno {errno})",
    };
}

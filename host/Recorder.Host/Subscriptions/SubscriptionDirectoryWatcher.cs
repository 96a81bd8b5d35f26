namespace Recorder.Host.Subscriptions;

/// <summary>
/// Watches subscription folders and raises <see cref="Changed"/> once things settle after a subscription file
/// is created, changed, deleted or renamed (including the copy-to-temporary-then-rename that deployment
/// tools do). The host then reloads the whole <see cref="SubscriptionSet"/>: reloading is cheap and never
/// misses a change. A folder that does not exist yet is polled until it appears.
/// </summary>
public sealed class SubscriptionDirectoryWatcher : IDisposable
{
    private static readonly TimeSpan MissingFolderPoll = TimeSpan.FromSeconds(2);

    private readonly TimeSpan _debounce;
    private readonly object _gate = new();
    private readonly List<FileSystemWatcher> _watchers = new();
    private readonly List<string> _missing = new();
    private readonly Timer _debounceTimer;
    private readonly Timer? _pollTimer;
    private bool _disposed;

    /// <summary>Starts watching. Events raised within <paramref name="debounce"/> of each other make one <see cref="Changed"/>.</summary>
    public SubscriptionDirectoryWatcher(IEnumerable<string> directories, TimeSpan debounce)
    {
        _debounce = debounce;
        _debounceTimer = new Timer(_ => RaiseChanged(), null, Timeout.Infinite, Timeout.Infinite);
        foreach (var directory in directories.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal))
        {
            if (Directory.Exists(directory)) Watch(directory);
            else _missing.Add(directory);
        }
        if (_missing.Count > 0) _pollTimer = new Timer(_ => PollMissing(), null, MissingFolderPoll, MissingFolderPoll);
    }

    /// <summary>Raised on a thread-pool thread after a burst of changes settles. Handlers must not block for long.</summary>
    public event Action? Changed;

    /// <summary>Raised when the operating system's watcher fails (for example its buffer overflowed); a reload follows.</summary>
    public event Action<Exception>? Error;

    private void Watch(string directory)
    {
        var watcher = new FileSystemWatcher(directory)
        {
            IncludeSubdirectories = false,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        watcher.Created += OnFileEvent;
        watcher.Changed += OnFileEvent;
        watcher.Deleted += OnFileEvent;
        watcher.Renamed += (_, e) =>
        {
            // Renaming a temporary file into place, or a subscription file away, both count.
            if (SubscriptionSet.IsSubscriptionFile(e.FullPath) || SubscriptionSet.IsSubscriptionFile(e.OldFullPath)) Schedule();
        };
        watcher.Error += (_, e) =>
        {
            Error?.Invoke(e.GetException());
            Schedule();
        };
        watcher.EnableRaisingEvents = true;
        _watchers.Add(watcher);
    }

    private void OnFileEvent(object sender, FileSystemEventArgs e)
    {
        if (SubscriptionSet.IsSubscriptionFile(e.FullPath)) Schedule();
    }

    private void Schedule()
    {
        lock (_gate)
        {
            if (!_disposed) _debounceTimer.Change(_debounce, Timeout.InfiniteTimeSpan);
        }
    }

    private void RaiseChanged()
    {
        lock (_gate)
        {
            if (_disposed) return;
        }
        Changed?.Invoke();
    }

    private void PollMissing()
    {
        lock (_gate)
        {
            if (_disposed) return;
            for (var i = _missing.Count - 1; i >= 0; i--)
            {
                if (!Directory.Exists(_missing[i])) continue;
                Watch(_missing[i]);
                _missing.RemoveAt(i);
                // Files may have been put there before the watcher started.
                _debounceTimer.Change(_debounce, Timeout.InfiniteTimeSpan);
            }
            if (_missing.Count == 0) _pollTimer?.Change(Timeout.Infinite, Timeout.Infinite);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
        }
        _pollTimer?.Dispose();
        _debounceTimer.Dispose();
        foreach (var watcher in _watchers) watcher.Dispose();
    }
}

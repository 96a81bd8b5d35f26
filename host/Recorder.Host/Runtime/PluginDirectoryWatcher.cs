namespace Recorder.Host.Runtime;

/// <summary>
/// Watches plugin folders for deployments (a folder renamed into place, a manifest replaced) and raises one
/// debounced <see cref="Changed"/> when things settle.
/// </summary>
internal sealed class PluginDirectoryWatcher : IDisposable
{
    private readonly List<FileSystemWatcher> _watchers = new();
    private readonly Timer _debounce;
    private readonly TimeSpan _delay;

    public PluginDirectoryWatcher(IEnumerable<string> directories, TimeSpan delay)
    {
        _delay = delay;
        _debounce = new Timer(_ => Changed?.Invoke(), null, Timeout.Infinite, Timeout.Infinite);
        foreach (var directory in directories.Where(Directory.Exists))
        {
            var watcher = new FileSystemWatcher(directory)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.DirectoryName | NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            watcher.Created += (_, _) => Poke();
            watcher.Changed += (_, _) => Poke();
            watcher.Deleted += (_, _) => Poke();
            watcher.Renamed += (_, _) => Poke();
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }
    }

    public event Action? Changed;

    private void Poke() => _debounce.Change(_delay, Timeout.InfiniteTimeSpan);

    public void Dispose()
    {
        foreach (var watcher in _watchers) watcher.Dispose();
        _debounce.Dispose();
    }
}

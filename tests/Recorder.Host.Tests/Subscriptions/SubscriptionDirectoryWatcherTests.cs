using Recorder.Host.Subscriptions;

namespace Recorder.Host.Tests.Subscriptions;

/// <summary>The watcher sees real file changes in a temporary folder, debounced into one notification.</summary>
public sealed class SubscriptionDirectoryWatcherTests : IDisposable
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(150);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly string _dir = Directory.CreateTempSubdirectory("recorder-watch-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private sealed class Counter
    {
        private int _count;
        private readonly SemaphoreSlim _signal = new(0);
        public int Count => Volatile.Read(ref _count);
        public void OnChanged() { Interlocked.Increment(ref _count); _signal.Release(); }
        public bool WaitOne() => _signal.Wait(Patience);
        /// <summary>True when nothing more arrives for a while.</summary>
        public bool StaysQuiet() => !_signal.Wait(Debounce * 4);
        /// <summary>Swallows late notifications of the previous step, so the next wait sees only the next step.</summary>
        public void Drain() { while (_signal.Wait(Debounce * 3)) { } }
    }

    private (SubscriptionDirectoryWatcher, Counter) Watch(string? dir = null)
    {
        var watcher = new SubscriptionDirectoryWatcher([dir ?? _dir], Debounce);
        var counter = new Counter();
        watcher.Changed += counter.OnChanged;
        return (watcher, counter);
    }

    [Fact]
    public void Sees_a_file_added_changed_and_deleted()
    {
        var (watcher, changes) = Watch();
        using var _ = watcher;
        var path = Path.Combine(_dir, "a.yaml");

        File.WriteAllText(path, "module: a\n");
        Assert.True(changes.WaitOne(), "create not seen");
        changes.Drain();

        File.AppendAllText(path, "subscriptions: []\n");
        Assert.True(changes.WaitOne(), "change not seen");
        changes.Drain();

        File.Delete(path);
        Assert.True(changes.WaitOne(), "delete not seen");
    }

    [Fact]
    public void Sees_a_temporary_file_renamed_into_place_and_a_file_renamed_away()
    {
        var (watcher, changes) = Watch();
        using var _ = watcher;

        var temp = Path.Combine(_dir, ".deploy.tmp");
        File.WriteAllText(temp, "module: a\nsubscriptions: []\n");
        Assert.True(changes.StaysQuiet(), "a non-subscription file must not trigger a reload");

        File.Move(temp, Path.Combine(_dir, "a.yaml"));
        Assert.True(changes.WaitOne(), "rename into place not seen");
        changes.Drain();

        File.Move(Path.Combine(_dir, "a.yaml"), Path.Combine(_dir, "a.yaml.disabled"));
        Assert.True(changes.WaitOne(), "rename away not seen");
    }

    [Fact]
    public void A_burst_of_writes_gives_one_notification()
    {
        // A longer debounce than the other tests: on a loaded machine events of one burst may arrive spread out.
        using var watcher = new SubscriptionDirectoryWatcher([_dir], TimeSpan.FromMilliseconds(500));
        var changes = new Counter();
        watcher.Changed += changes.OnChanged;
        for (var i = 0; i < 10; i++) File.WriteAllText(Path.Combine(_dir, $"m{i}.yml"), "module: m\n");
        Assert.True(changes.WaitOne());
        Assert.True(changes.StaysQuiet());
        Assert.Equal(1, changes.Count);
    }

    [Fact]
    public void A_folder_created_later_is_watched_once_it_appears()
    {
        var later = Path.Combine(_dir, "local");
        var (watcher, changes) = Watch(later);
        using var _ = watcher;
        Directory.CreateDirectory(later);
        File.WriteAllText(Path.Combine(later, "a.yaml"), "module: a\n");
        Assert.True(changes.WaitOne(), "files in a folder created after start not seen");
    }

    [Fact]
    public void Nothing_is_raised_after_dispose()
    {
        var (watcher, changes) = Watch();
        watcher.Dispose();
        File.WriteAllText(Path.Combine(_dir, "a.yaml"), "module: a\n");
        Assert.True(changes.StaysQuiet());
        Assert.Equal(0, changes.Count);
    }
}

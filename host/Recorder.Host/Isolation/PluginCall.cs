namespace Recorder.Host.Isolation;

/// <summary>
/// Calls into plugin code under a deadline, whatever the plugin does with its thread. The call starts on a thread
/// of its own, so a plugin that blocks synchronously (a lock, a sleep, a read that never returns) blocks only that
/// thread; the host stops waiting at the deadline and abandons it. A call that returns a task that never completes
/// is abandoned the same way. An abandoned call keeps its thread until the plugin lets go (or the process ends).
/// </summary>
internal static class PluginCall
{
    /// <summary>Runs <paramref name="call"/> and waits for its task; <see cref="PluginCallTimeoutException"/> at the deadline.</summary>
    public static async Task RunAsync(string what, Func<Task> call, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        await RunAsync(what, async () => { await call().ConfigureAwait(false); return true; }, timeout, cancellationToken).ConfigureAwait(false);

    /// <summary>Runs <paramref name="call"/> and returns its result; <see cref="PluginCallTimeoutException"/> at the deadline.</summary>
    public static async Task<T> RunAsync<T>(string what, Func<Task<T>> call, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var started = new TaskCompletionSource<Task<T>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try { started.TrySetResult(call()); }
            catch (Exception ex) { started.TrySetException(ex); }
        })
        { IsBackground = true, Name = "recorder-plugin-call" };
        thread.Start();
        var deadline = DateTime.UtcNow + timeout;
        try
        {
            var task = await started.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            var left = deadline - DateTime.UtcNow;
            return await task.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new PluginCallTimeoutException(what, timeout, blockedThread: !started.Task.IsCompleted);
        }
    }
}

/// <summary>A plugin call that did not finish by its deadline (the host no longer waits for it).</summary>
public sealed class PluginCallTimeoutException : TimeoutException
{
    internal PluginCallTimeoutException(string what, TimeSpan timeout, bool blockedThread)
        : base($"{what} did not finish within {timeout.TotalSeconds:0.#} s" + (blockedThread ? " (it blocks its thread)" : " (its task never completed)"))
    {
        BlockedThread = blockedThread;
    }

    /// <summary>The plugin blocked the calling thread (rather than returning a task that never completed).</summary>
    public bool BlockedThread { get; }
}

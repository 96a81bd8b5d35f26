namespace Recorder.Host.Isolation;

/// <summary>
/// <see cref="PluginCall"/> for a caller that calls the same plugin over and over (a sink worker, once per batch):
/// the calls run one after the other on one kept thread instead of a new thread each, which cost a thread start and
/// exit per batch. The isolation is the same: a call that outlives its deadline is abandoned with its thread, and the
/// next call gets a fresh thread. Calls must not overlap (one caller, awaiting each).
/// </summary>
internal sealed class PluginCallThread : IDisposable
{
    private readonly string _threadName;
    private CallQueue? _current;

    /// <summary>A caller whose calls run on a thread named <paramref name="threadName"/>.</summary>
    public PluginCallThread(string threadName) => _threadName = threadName;

    /// <summary>Runs <paramref name="call"/> and waits for its task; <see cref="PluginCallTimeoutException"/> at the deadline.</summary>
    public async Task RunAsync(string what, Func<Task> call, TimeSpan timeout) =>
        await RunAsync(what, async () => { await call().ConfigureAwait(false); return true; }, timeout).ConfigureAwait(false);

    /// <summary>Runs <paramref name="call"/> and returns its result; <see cref="PluginCallTimeoutException"/> at the deadline.</summary>
    public async Task<T> RunAsync<T>(string what, Func<Task<T>> call, TimeSpan timeout)
    {
        var queue = _current ??= new CallQueue(_threadName);
        // Not RunContinuationsAsynchronously: when the call returns, the caller resumes on this call thread, which is
        // awake anyway, instead of waking a thread-pool worker per call; it goes on until its next await.
        var started = new TaskCompletionSource<Task<T>>();
        queue.Post(() =>
        {
            try { started.TrySetResult(call()); }
            catch (Exception ex) { started.TrySetException(ex); }
        });
        var deadline = DateTime.UtcNow + timeout;
        try
        {
            var task = await started.Task.WaitAsync(timeout).ConfigureAwait(false);
            var left = deadline - DateTime.UtcNow;
            return await task.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            var blocked = !started.Task.IsCompleted;
            if (blocked)
            {
                // The plugin holds the thread: leave it to the plugin (it ends once the call returns); a new one serves next.
                queue.Complete();
                _current = null;
            }
            throw new PluginCallTimeoutException(what, timeout, blocked);
        }
    }

    /// <summary>Lets the thread end once its call (if any) returns.</summary>
    public void Dispose()
    {
        _current?.Complete();
        _current = null;
    }

    /// <summary>
    /// One thread running the calls posted to it, blocked (no wake-ups) while there are none. A plain monitor
    /// rather than a BlockingCollection: its semaphore spun with sched_yield before blocking, hundreds of system
    /// calls a second per sink at a few hundred events a second.
    /// </summary>
    private sealed class CallQueue
    {
        private readonly Queue<Action> _calls = new();
        private bool _completed;

        public CallQueue(string name) =>
            new Thread(Run) { IsBackground = true, Name = name }.Start();

        public void Post(Action call)
        {
            lock (_calls)
            {
                if (_completed) throw new InvalidOperationException("The call thread was let go.");
                _calls.Enqueue(call);
                Monitor.Pulse(_calls);
            }
        }

        public void Complete()
        {
            lock (_calls)
            {
                _completed = true;
                Monitor.Pulse(_calls);
            }
        }

        private void Run()
        {
            while (true)
            {
                Action call;
                lock (_calls)
                {
                    while (_calls.Count == 0 && !_completed) Monitor.Wait(_calls);
                    if (_calls.Count == 0) return;
                    call = _calls.Dequeue();
                }
                call();
            }
        }
    }
}

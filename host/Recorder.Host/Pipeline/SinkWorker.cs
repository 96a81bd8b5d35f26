using System.Threading.Channels;
using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;
using Recorder.Host.Configuration;
using Recorder.Host.Diagnostics;
using Recorder.Host.Isolation;
using Recorder.Host.Status;

namespace Recorder.Host.Pipeline;

/// <summary>
/// Runs one sink: its own bounded queue, one worker task, batches, and isolation. A sink that throws or hangs
/// loses the batch after a few retries (counted), is recreated with backoff, and never stalls the pipeline
/// or other sinks. Every call into the sink runs on a thread the worker can abandon (<see cref="PluginCall"/>),
/// so a sink that blocks its thread is treated like one whose task never completes. Hot reload swaps the sink
/// instance between two batches. Events it drops (queue full, failed or unavailable sink) are written to the sink
/// as <c>recorder.loss</c> markers after its next good batch.
/// </summary>
public sealed class SinkWorker
{
    private readonly Channel<object> _queue;
    private readonly SinkWorkerOptions _options;
    private readonly HostLog _log;
    private readonly StatusBoard _status;
    private readonly string _domain;
    private readonly Counter _written, _queueFull, _failed, _unavailable, _batches;
    private readonly LossTracker _queueFullLoss, _failedLoss, _unavailableLoss;
    private readonly EventIdGenerator _ids;
    // Every call into the sink runs on this one kept thread (a new one only after a call hung on it).
    private readonly PluginCallThread _calls = new("recorder-sink");
    private Func<ISink> _factory;
    private ISink? _sink;
    private DateTime _retryAt;
    private int _consecutiveFailures;
    private readonly Task _loop;

    /// <summary>Starts a worker for the sink identified by <paramref name="key"/>.</summary>
    public SinkWorker(string key, string sinkName, Func<ISink> factory, SinkWorkerOptions options, HostLog log, StatusBoard status)
    {
        Key = key;
        SinkName = sinkName;
        _factory = factory;
        _options = options;
        _log = log;
        _status = status;
        _domain = "sink." + sinkName + (key == sinkName ? "" : "#" + ShortKey(key));
        _written = status.Counter(_domain, "written");
        _batches = status.Counter(_domain, "batches");
        _queueFull = status.Counter(_domain, DropReasons.SinkQueueFull);
        _failed = status.Counter(_domain, DropReasons.SinkFailed);
        _unavailable = status.Counter(_domain, DropReasons.SinkUnavailable);
        _status.Set(_domain, "key", key);
        _queueFullLoss = new LossTracker("sink_queue_full", _domain);
        _failedLoss = new LossTracker("sink_failed", _domain);
        _unavailableLoss = new LossTracker("sink_unavailable", _domain);
        _ids = options.Ids ?? new EventIdGenerator();
        _queue = Channel.CreateBounded<object>(new BoundedChannelOptions(options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
            // The write that ends a quiet spell resumes the worker on the writer's thread, which goes only as far as
            // the batch delay's await (every call into the sink is posted to its own thread): no thread-pool worker
            // woken just to start the delay, once per batch per sink.
            AllowSynchronousContinuations = true,
        });
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Sink name plus canonical options: the identity subscriptions share.</summary>
    public string Key { get; }
    /// <summary>The sink provider's name.</summary>
    public string SinkName { get; }
    /// <summary>The status domain of this sink.</summary>
    public string Domain => _domain;
    /// <summary>Queues an event without waiting; false (and a counted drop) when the queue is full.</summary>
    public bool TryEnqueue(RecorderEvent recorderEvent)
    {
        if (_queue.Writer.TryWrite(recorderEvent)) return true;
        _queueFull.Increment();
        _queueFullLoss.Lost(recorderEvent);
        return false;
    }

    /// <summary>Queues an event, waiting for room (replay, which must not drop).</summary>
    public ValueTask EnqueueAsync(RecorderEvent recorderEvent, CancellationToken cancellationToken) =>
        _queue.Writer.WriteAsync(recorderEvent, cancellationToken);

    /// <summary>
    /// Replaces the sink instance (a new plugin version) between two batches: the old sink is flushed and shut
    /// down, the new one created from <paramref name="factory"/>. Completes when the swap is done.
    /// </summary>
    public async Task SwapAsync(Func<ISink> factory, CancellationToken cancellationToken)
    {
        var request = new SwapRequest(factory);
        await _queue.Writer.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        await request.Done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits until everything queued before this call has been written and flushed.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var request = new FlushRequest();
        await _queue.Writer.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        await request.Done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops accepting events, drains the queue into the sink, flushes and shuts it down.</summary>
    public async Task CompleteAsync(TimeSpan timeout)
    {
        _queue.Writer.TryComplete();
        try
        {
            await _loop.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _log.Error(_domain, $"did not drain within {timeout.TotalSeconds:0} s; {_queue.Reader.Count} events left behind");
            _failed.Add(_queue.Reader.Count);
        }
        // The loop ends on the sink's call thread, and this method went on there: leave it, so that the caller does
        // not run on a plugin's call thread.
        await Task.Yield();
        _status.Set(_domain, "state", "stopped");
    }

    private async Task RunAsync()
    {
        var batch = new List<RecorderEvent>(_options.BatchSize);
        var reader = _queue.Reader;
        _status.Set(_domain, "state", "running");
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            object? control = null;
            while (batch.Count < _options.BatchSize && reader.TryPeek(out var item))
            {
                if (item is RecorderEvent e) { reader.TryRead(out _); batch.Add(e); }
                else { if (batch.Count == 0) { reader.TryRead(out control); } break; }
            }
            if (batch.Count > 0 && batch.Count < _options.BatchSize / 4 && control is null)
            {
                // A small batch: give producers a moment to fill it, which is far cheaper for the sink.
                await Task.Delay(_options.BatchDelay).ConfigureAwait(false);
                while (batch.Count < _options.BatchSize && reader.TryPeek(out var item) && item is RecorderEvent e)
                {
                    reader.TryRead(out _);
                    batch.Add(e);
                }
            }
            if (batch.Count > 0)
            {
                // A hung sink may still hold the list: give it away rather than refill it under the plugin's feet.
                if (await WriteBatchAsync(batch).ConfigureAwait(false)) batch.Clear();
                else batch = new List<RecorderEvent>(_options.BatchSize);
            }
            if (control is not null) await HandleControlAsync(control).ConfigureAwait(false);
        }
        await ShutdownSinkAsync().ConfigureAwait(false);
        _calls.Dispose();
    }

    private async Task HandleControlAsync(object control)
    {
        switch (control)
        {
            case SwapRequest swap:
                await ShutdownSinkAsync().ConfigureAwait(false);
                _factory = swap.Factory;
                _consecutiveFailures = 0;
                _retryAt = default;
                try { await EnsureSinkAsync().ConfigureAwait(false); } catch (Exception ex) { _log.Error(_domain, "new sink version failed to start", ex); }
                swap.Done.TrySetResult();
                break;
            case FlushRequest flush:
                if (_sink is not null)
                {
                    var sink = _sink;
                    try { await Call("flush", () => sink.FlushAsync(CancellationToken.None).AsTask()).ConfigureAwait(false); }
                    catch (Exception ex) { _log.Warn(_domain, "flush failed", ex); }
                }
                flush.Done.TrySetResult();
                break;
        }
    }

    /// <summary>Writes a batch (or drops it, counted); false when a write hung and the sink may still hold the list.</summary>
    private async Task<bool> WriteBatchAsync(List<RecorderEvent> batch)
    {
        var handedToHungSink = false;
        for (var attempt = 0; ; attempt++)
        {
            if (DateTime.UtcNow < _retryAt)
            {
                // Still backing off after failures: drop rather than stall (counted).
                _unavailable.Add(batch.Count);
                NoteLoss(_unavailableLoss, batch);
                return !handedToHungSink;
            }
            try
            {
                var sink = await EnsureSinkAsync().ConfigureAwait(false);
                await Call("write", () => sink.WriteBatchAsync(batch, CancellationToken.None).AsTask()).ConfigureAwait(false);
                _written.Add(batch.Count);
                _batches.Increment();
                if (_consecutiveFailures > 0)
                {
                    _status.ReportHealth(_domain, "writes", true, "recovered");
                    _log.Info(_domain, "sink recovered");
                }
                _consecutiveFailures = 0;
                await WriteLossMarkersAsync(sink).ConfigureAwait(false);
                return !handedToHungSink;
            }
            catch (Exception ex)
            {
                if (ex is TimeoutException) handedToHungSink = true;
                _consecutiveFailures++;
                var reason = ex is TimeoutException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
                _status.ReportHealth(_domain, "writes", false, reason);
                _log.Error(_domain, $"batch of {batch.Count} failed (attempt {attempt + 1}): {reason}");
                AbandonSink();
                var backoff = Backoff(_consecutiveFailures);
                if (attempt + 1 >= _options.MaxAttempts)
                {
                    _failed.Add(batch.Count);
                    NoteLoss(_failedLoss, batch);
                    _retryAt = DateTime.UtcNow + backoff;
                    return !handedToHungSink;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds, 500))).ConfigureAwait(false);
            }
        }
    }

    private static void NoteLoss(LossTracker tracker, List<RecorderEvent> batch)
    {
        var first = batch.Min(e => e.Time);
        var last = batch.Max(e => e.Time);
        tracker.Lost(batch.Count, first, last);
    }

    /// <summary>Writes the markers of drops noted so far; if the sink refuses them, they wait for the next good batch.</summary>
    private async Task WriteLossMarkersAsync(ISink sink)
    {
        if (!_queueFullLoss.HasLoss && !_failedLoss.HasLoss && !_unavailableLoss.HasLoss) return;
        var trackers = new[] { _queueFullLoss, _failedLoss, _unavailableLoss };
        var markers = trackers.Select(t => (Tracker: t, Marker: t.TakeMarker(_ids))).Where(m => m.Marker is not null).ToList();
        try
        {
            var batch = markers.Select(m => m.Marker!).ToList();
            await Call("write", () => sink.WriteBatchAsync(batch, CancellationToken.None).AsTask()).ConfigureAwait(false);
            _written.Add(markers.Count);
        }
        catch (Exception ex)
        {
            _log.Warn(_domain, "loss markers not written; kept for the next batch", ex);
            var schema = EventSchemas.RecorderLoss;
            foreach (var (tracker, marker) in markers)
                tracker.Lost(marker!.Get(schema.Count) ?? 0, marker.Get(schema.FirstTime) ?? marker.Time, marker.Get(schema.LastTime) ?? marker.Time);
        }
    }

    private async Task<ISink> EnsureSinkAsync()
    {
        if (_sink is not null) return _sink;
        var factory = _factory;
        _sink = await Call("create", () => Task.FromResult(factory())).ConfigureAwait(false);
        _status.Set(_domain, "state", "running");
        return _sink;
    }

    /// <summary>A call into the sink under the write timeout, on a thread the worker can abandon.</summary>
    private Task Call(string what, Func<Task> call) => _calls.RunAsync($"{_domain}: {what}", call, _options.WriteTimeout);

    private Task<T> Call<T>(string what, Func<Task<T>> call) => _calls.RunAsync($"{_domain}: {what}", call, _options.WriteTimeout);

    private void AbandonSink()
    {
        var sink = _sink;
        _sink = null;
        _status.Set(_domain, "state", "restarting");
        if (sink is null) return;
        // Shut the failed instance down in the background: it may be the one that hangs.
        _ = Task.Run(async () =>
        {
            // A thread of its own: the worker's call thread goes on with the next sink meanwhile.
            try { await PluginCall.RunAsync($"{_domain}: shutdown", () => sink.ShutdownAsync(CancellationToken.None).AsTask(), _options.WriteTimeout).ConfigureAwait(false); }
            catch (Exception ex) { _log.Warn(_domain, "failed sink did not shut down cleanly", ex); }
        });
    }

    private async Task ShutdownSinkAsync()
    {
        var sink = _sink;
        _sink = null;
        if (sink is null) return;
        try
        {
            await Call("flush", () => sink.FlushAsync(CancellationToken.None).AsTask()).ConfigureAwait(false);
            await Call("shutdown", () => sink.ShutdownAsync(CancellationToken.None).AsTask()).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _log.Error(_domain, "sink shutdown failed", ex);
        }
    }

    private static TimeSpan Backoff(int failures) =>
        TimeSpan.FromMilliseconds(Math.Min(60_000, 250 * Math.Pow(2, Math.Min(failures, 10))));

    private static string ShortKey(string key) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)))[..8].ToLowerInvariant();

    private sealed record SwapRequest(Func<ISink> Factory)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class FlushRequest
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>Tuning of sink workers (<c>pipeline:</c> in the host configuration); the defaults are the configuration's.</summary>
public sealed class SinkWorkerOptions
{
    private static readonly PipelineSettings Defaults = new();

    /// <summary>Events queued per sink before drops.</summary>
    public int QueueCapacity { get; set; } = Defaults.SinkQueueCapacity;
    /// <summary>Largest batch handed to a sink.</summary>
    public int BatchSize { get; set; } = Defaults.BatchSize;
    /// <summary>How long a small batch waits to fill.</summary>
    public TimeSpan BatchDelay { get; set; } = Defaults.BatchDelay;
    /// <summary>A write, flush or shutdown that takes longer is treated as hung.</summary>
    public TimeSpan WriteTimeout { get; set; } = Defaults.SinkWriteTimeout;
    /// <summary>Attempts per batch before it is dropped (counted).</summary>
    public int MaxAttempts { get; set; } = 3;
    /// <summary>Where the ids of loss markers come from (the pipeline's, so they sort with the events).</summary>
    public EventIdGenerator? Ids { get; set; }
}

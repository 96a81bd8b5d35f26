using System.Threading.Channels;
using Recorder.Contracts.Events;
using Recorder.Host.Diagnostics;
using Recorder.Host.Status;

namespace Recorder.Host.Pipeline;

/// <summary>
/// The middle of the host: collectors → bounded ingress queue → enrichers (in order) → routing by
/// subscription → one bounded queue per sink. Collectors never wait: a full ingress queue drops and counts, and
/// the next batch carries a <c>recorder.loss</c> marker of the drops to every sink.
/// One processing thread enriches and routes; it takes events in batches under a lock that hot reload
/// also takes, so an enricher is never swapped out in the middle of an event. A watchdog abandons that thread
/// when an enricher's call does not return within the enrich timeout: the enricher is bypassed from then on
/// (reported unhealthy), the event it holds is counted lost, and a fresh thread carries on with the queue.
/// </summary>
public sealed class EventPipeline
{
    private const string Domain = "pipeline";
    private readonly Channel<RecorderEvent> _ingress;
    private readonly HostLog _log;
    private readonly Counter _received, _ingressFull, _routed, _unrouted, _enricherHung;
    private readonly LossTracker _ingressLoss = new("ingress_full", Domain);
    private readonly StatusBoard _status;
    private readonly TimeSpan _enrichTimeout;
    // Replaced (with the processing thread) when the watchdog abandons a thread stuck in an enricher, which
    // may hold the old gate for ever.
    private volatile object _processingGate = new();
    private volatile EnricherChain _enrichers;
    private volatile RoutingTable _routes = RoutingTable.Empty;
    private volatile Task? _loop;
    private EnrichWatch _watch = new();
    private int _burstWriters;       // collectors in the middle of TryWriteMany
    private int _singleWriteSeen;    // 1 once an event came through TryWrite since the processing thread last woke
    private Timer? _watchdog;
    private TimeSpan _watchPeriod;

    /// <summary>Creates a pipeline; call <see cref="Start"/> to begin processing.</summary>
    public EventPipeline(int ingressCapacity, HostLog log, StatusBoard status, TimeSpan? enrichTimeout = null)
    {
        _log = log;
        _status = status;
        _enrichTimeout = enrichTimeout ?? TimeSpan.FromSeconds(2);
        _ingress = Channel.CreateBounded<RecorderEvent>(new BoundedChannelOptions(ingressCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
            // The collector's write wakes the blocked processing thread itself; asynchronous continuations would
            // go through a thread-pool worker first, a second wake-up for every event that ends a quiet spell.
            AllowSynchronousContinuations = true,
        });
        _enrichers = EnricherChain.Empty(log, status);
        _received = status.Counter(Domain, "received");
        _ingressFull = status.Counter(Domain, DropReasons.IngressFull);
        _routed = status.Counter(Domain, "routed");
        _unrouted = status.Counter(Domain, "not_subscribed");
        _enricherHung = status.Counter(Domain, DropReasons.EnricherHung);
        status.Set(Domain, "ingress_capacity", ingressCapacity.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Ids = new EventIdGenerator();
    }

    /// <summary>Assigns event ids.</summary>
    public EventIdGenerator Ids { get; }

    /// <summary>The current enricher chain.</summary>
    public EnricherChain Enrichers => _enrichers;

    /// <summary>The current routing table.</summary>
    public RoutingTable Routes => _routes;

    /// <summary>Live watchers (<c>recorder watch</c>), offered every routed event; null when the host has none.</summary>
    public Watching.WatchHub? Watchers { get; set; }

    /// <summary>Events waiting in the ingress queue.</summary>
    public int Backlog => _ingress.Reader.Count;

    /// <summary>Starts the processing thread.</summary>
    public void Start()
    {
        if (_loop is not null) return;
        _watchPeriod = TimeSpan.FromMilliseconds(Math.Clamp(_enrichTimeout.TotalMilliseconds / 4, 10, 1000));
        _watchdog = new Timer(_ => Watch(), null, _watchPeriod, _watchPeriod);
        _loop = StartThread(_processingGate, _watch);
    }

    // The watchdog ticks only while the processing thread works: an idle recorder has no periodic work.
    private void ArmWatchdog(bool armed)
    {
        var period = armed ? _watchPeriod : Timeout.InfiniteTimeSpan;
        try { _watchdog?.Change(period, period); }
        catch (ObjectDisposedException) { /* stopping */ }
    }

    private Task StartThread(object gate, EnrichWatch watch)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        new Thread(() =>
        {
            try { ProcessLoop(gate, watch); done.TrySetResult(); }
            catch (Exception ex) { done.TrySetException(ex); }
        }) { IsBackground = true, Name = "recorder-pipeline" }.Start();
        return done.Task;
    }

    /// <summary>The watchdog: abandons the processing thread when an enricher call outlives the enrich timeout.</summary>
    private void Watch()
    {
        var watch = _watch;
        if (watch.TryAbandon(_enrichTimeout) is not { } slot) return;
        var domain = "enricher." + slot.Name;
        slot.Hangs++;
        Volatile.Write(ref slot.HungSinceTicks, DateTime.UtcNow.Ticks);
        _enricherHung.Increment();
        _status.Counter(domain, "hangs").Increment();
        _status.Set(domain, "state", $"hung: Enrich did not return within {_enrichTimeout.TotalSeconds:0.#} s; bypassed");
        _status.ReportHealth(domain, "enrich", false, $"Enrich did not return within {_enrichTimeout.TotalSeconds:0.#} s; events flow past it until it returns");
        _log.Error(domain, $"Enrich did not return within {_enrichTimeout.TotalSeconds:0.#} s: bypassed, its event counted lost ({DropReasons.EnricherHung}), processing goes on on a new thread");
        var gate = new object();
        var fresh = new EnrichWatch();
        _watch = fresh;
        _processingGate = gate;
        _loop = StartThread(gate, fresh);
    }

    /// <summary>Called on an abandoned thread once the hung call returns: the enricher comes back after a back-off.</summary>
    private void Returned(EnricherSlot slot)
    {
        var hungFor = TimeSpan.FromTicks(DateTime.UtcNow.Ticks - Volatile.Read(ref slot.HungSinceTicks));
        var backoff = TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, Math.Min(slot.Hangs, 9))));
        slot.DisabledUntilTicks = DateTime.UtcNow.Add(backoff).Ticks;
        Volatile.Write(ref slot.HungSinceTicks, 0);
        var domain = "enricher." + slot.Name;
        _status.Set(domain, "state", $"returned after hanging {hungFor.TotalSeconds:0.#} s; resumes in {backoff.TotalSeconds:0} s");
        _log.Warn(domain, $"hung call returned after {hungFor.TotalSeconds:0.#} s; tried again in {backoff.TotalSeconds:0} s");
    }

    /// <summary>Queues an event from a collector without waiting; false (counted) when full.</summary>
    public bool TryWrite(RecorderEvent recorderEvent)
    {
        recorderEvent.Id = Ids.Next();
        if (_ingress.Writer.TryWrite(recorderEvent)) return true;
        _ingressFull.Increment();
        _ingressLoss.Lost(recorderEvent);
        return false;
    }

    /// <summary>A collector begins handing over a burst (<c>IEventWriter.TryWriteMany</c>).</summary>
    internal void BurstStarted() => Interlocked.Increment(ref _burstWriters);

    /// <summary>The burst is queued: the processing thread, woken by its first event, may take it all.</summary>
    internal void BurstEnded() => Interlocked.Decrement(ref _burstWriters);

    /// <summary>An event comes alone (<c>IEventWriter.TryWrite</c>): more may follow within a moment.</summary>
    internal void NoteSingleWrite()
    {
        if (Volatile.Read(ref _singleWriteSeen) == 0) Volatile.Write(ref _singleWriteSeen, 1);
    }

    /// <summary>
    /// Enriches and routes one event on the caller's thread, waiting for room in sink queues. For replay of
    /// recorded logs, where nothing may be dropped and the source can wait.
    /// </summary>
    public async ValueTask ProcessNowAsync(RecorderEvent recorderEvent, CancellationToken cancellationToken)
    {
        recorderEvent.Id = Ids.Next();
        _received.Increment();
        UnderGate(() => _enrichers.Enrich(recorderEvent));
        var delivered = await _routes.DispatchAsync(recorderEvent, cancellationToken).ConfigureAwait(false);
        if (delivered > 0) _routed.Increment(); else _unrouted.Increment();
        Watchers?.Publish(recorderEvent);
    }

    /// <summary>Replaces the enricher chain; returns once no event is being enriched by the old chain.</summary>
    public void SetEnrichers(EnricherChain chain) => UnderGate(() => _enrichers = chain);

    /// <summary>Replaces the routing table; returns once no event is being routed by the old table.</summary>
    public void SetRoutes(RoutingTable routes) => UnderGate(() => _routes = routes);

    /// <summary>Runs <paramref name="action"/> while no event is being processed (for swaps).</summary>
    public void Pause(Action action) => UnderGate(action);

    // Takes the current gate; if the watchdog replaced it meanwhile (the holder was abandoned), takes the new one.
    private void UnderGate(Action action)
    {
        while (true)
        {
            var gate = _processingGate;
            if (!Monitor.TryEnter(gate, TimeSpan.FromMilliseconds(100))) continue;
            try
            {
                if (!ReferenceEquals(gate, _processingGate)) continue;
                action();
                return;
            }
            finally { Monitor.Exit(gate); }
        }
    }

    /// <summary>Stops accepting events and waits until every queued event has been enriched and routed.</summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        _ingress.Writer.TryComplete();
        if (_loop is null) return;
        var deadline = DateTime.UtcNow + timeout;
        try
        {
            // The watchdog may hand the queue to a new thread while we wait: wait for whichever thread has it last.
            while (true)
            {
                var loop = _loop;
                var left = deadline - DateTime.UtcNow;
                await loop.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero).ConfigureAwait(false);
                if (ReferenceEquals(loop, _loop)) break;
            }
        }
        catch (TimeoutException) { _log.Error(Domain, $"did not drain within {timeout.TotalSeconds:0} s; {_ingress.Reader.Count} events left"); }
        if (_watchdog is not null) await _watchdog.DisposeAsync().ConfigureAwait(false);
    }

    // A thread of its own: under heavy traffic it takes what gathered, then sleeps a moment so that the next events
    // are taken as a batch too. Waiting on the queue for each event instead (an async loop on the thread pool) cost a
    // thread-pool wake-up, futex and spinning worker, for nearly every event a collector wrote: several
    // microseconds each. Only an idle pipeline blocks on the queue.
    private void ProcessLoop(object gate, EnrichWatch watch)
    {
        var reader = _ingress.Reader;
        var readable = new ManualResetEventSlim(false, spinCount: 1); // this thread's own: never disposed under a late Set
        while (true)
        {
            var processed = ProcessBatch(reader, gate, watch);
            if (processed < 0) return; // abandoned by the watchdog: a new thread has the queue
            if (processed == BatchSize) continue;
            if (processed >= BusyBatch)
            {
                Thread.Sleep(BusyPause);
                continue;
            }
            var wait = reader.WaitToReadAsync();
            bool more;
            if (wait.IsCompleted) more = wait.Result;
            else
            {
                ArmWatchdog(false);
                more = BlockUntilReadable(wait.AsTask(), readable);
                ArmWatchdog(true);
                WaitForTheRestOfTheHandOver();
            }
            if (!more) return;
        }
    }

    // Woken by the first event of a collector's hand-over: let the rest of it arrive, so that one wake-up takes it
    // all. A burst (TryWriteMany) is queued within microseconds: wait for its end without sleeping. Events written
    // one by one may still be coming: sleep a moment (WakePause), which costs a second wake-up.
    private void WaitForTheRestOfTheHandOver()
    {
        if (Interlocked.Exchange(ref _singleWriteSeen, 0) != 0)
        {
            Thread.Sleep(WakePause);
            return;
        }
        var spin = new SpinWait();
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        while (Volatile.Read(ref _burstWriters) > 0 && System.Diagnostics.Stopwatch.GetElapsedTime(start) < WakePause)
            spin.SpinOnce(sleep1Threshold: -1);
    }

    // Blocks on an event the collector's write sets (synchronous continuations), without the spinning of a task's
    // own wait: that spun with sched_yield thousands of times a second at a few hundred process starts a second.
    private static bool BlockUntilReadable(Task<bool> wait, ManualResetEventSlim readable)
    {
        readable.Reset();
        wait.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(readable.Set);
        readable.Wait();
        return wait.GetAwaiter().GetResult();
    }

    /// <summary>Most events enriched and routed per hold of the processing lock.</summary>
    private const int BatchSize = 256;

    /// <summary>How long the processing thread lets events gather after draining the queue (latency it adds).</summary>
    private static readonly TimeSpan BusyPause = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// A batch at least this large means events are pouring in: pause before the next. Smaller ones come from
    /// collectors that already gather (the audit collector hands over a few process starts at a time): the thread
    /// blocks on the queue again at once, one wake-up per hand-over instead of two.
    /// </summary>
    private const int BusyBatch = 32;

    /// <summary>How long the thread, woken from idle, lets the rest of a hand-over arrive (latency it adds).</summary>
    private static readonly TimeSpan WakePause = TimeSpan.FromMilliseconds(1);

    private int ProcessBatch(ChannelReader<RecorderEvent> reader, object gate, EnrichWatch watch)
    {
        lock (gate)
        {
            var enrichers = _enrichers;
            var routes = _routes;
            var watchers = Watchers;
            var n = 0;
            for (; n < BatchSize && reader.TryRead(out var recorderEvent); n++)
            {
                // Counted as taken, not at the end of the batch: status must never show fewer received than routed.
                _received.Increment();
                if (!enrichers.Enrich(recorderEvent, watch))
                {
                    // The hung call returned at last; this thread was abandoned (its event counted lost).
                    if (watch.Slot is { } slot) Returned(slot);
                    return -1;
                }
                if (routes.Dispatch(recorderEvent) > 0) _routed.Increment();
                else _unrouted.Increment();
                watchers?.Publish(recorderEvent);
            }
            if (_ingressLoss.HasLoss && _ingressLoss.TakeMarker(Ids) is { } marker)
            {
                routes.DispatchToEverySink(marker);
                watchers?.Publish(marker);
            }
            return n;
        }
    }
}

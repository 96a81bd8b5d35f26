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
/// also takes, so an enricher is never swapped out in the middle of an event.
/// </summary>
public sealed class EventPipeline
{
    private const string Domain = "pipeline";
    private readonly Channel<RecorderEvent> _ingress;
    private readonly HostLog _log;
    private readonly Counter _received, _ingressFull, _routed, _unrouted;
    private readonly LossTracker _ingressLoss = new("ingress_full", Domain);
    private readonly object _processingGate = new();
    private volatile EnricherChain _enrichers;
    private volatile RoutingTable _routes = RoutingTable.Empty;
    private Task? _loop;

    /// <summary>Creates a pipeline; call <see cref="Start"/> to begin processing.</summary>
    public EventPipeline(int ingressCapacity, HostLog log, StatusBoard status)
    {
        _log = log;
        _ingress = Channel.CreateBounded<RecorderEvent>(new BoundedChannelOptions(ingressCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _enrichers = EnricherChain.Empty(log, status);
        _received = status.Counter(Domain, "received");
        _ingressFull = status.Counter(Domain, DropReasons.IngressFull);
        _routed = status.Counter(Domain, "routed");
        _unrouted = status.Counter(Domain, "not_subscribed");
        status.Set(Domain, "ingress_capacity", ingressCapacity.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Ids = new EventIdGenerator();
    }

    /// <summary>Assigns event ids.</summary>
    public EventIdGenerator Ids { get; }

    /// <summary>The current enricher chain.</summary>
    public EnricherChain Enrichers => _enrichers;

    /// <summary>The current routing table.</summary>
    public RoutingTable Routes => _routes;

    /// <summary>Events waiting in the ingress queue.</summary>
    public int Backlog => _ingress.Reader.Count;

    /// <summary>Starts the processing thread.</summary>
    public void Start()
    {
        if (_loop is not null) return;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _loop = done.Task;
        new Thread(() =>
        {
            try { ProcessLoop(); done.TrySetResult(); }
            catch (Exception ex) { done.TrySetException(ex); }
        }) { IsBackground = true, Name = "recorder-pipeline" }.Start();
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

    /// <summary>
    /// Enriches and routes one event on the caller's thread, waiting for room in sink queues. For replay of
    /// recorded logs, where nothing may be dropped and the source can wait.
    /// </summary>
    public async ValueTask ProcessNowAsync(RecorderEvent recorderEvent, CancellationToken cancellationToken)
    {
        recorderEvent.Id = Ids.Next();
        _received.Increment();
        lock (_processingGate) _enrichers.Enrich(recorderEvent);
        var delivered = await _routes.DispatchAsync(recorderEvent, cancellationToken).ConfigureAwait(false);
        if (delivered > 0) _routed.Increment(); else _unrouted.Increment();
    }

    /// <summary>Replaces the enricher chain; returns once no event is being enriched by the old chain.</summary>
    public void SetEnrichers(EnricherChain chain)
    {
        lock (_processingGate) _enrichers = chain;
    }

    /// <summary>Replaces the routing table; returns once no event is being routed by the old table.</summary>
    public void SetRoutes(RoutingTable routes)
    {
        lock (_processingGate) _routes = routes;
    }

    /// <summary>Runs <paramref name="action"/> while no event is being processed (for swaps).</summary>
    public void Pause(Action action)
    {
        lock (_processingGate) action();
    }

    /// <summary>Stops accepting events and waits until every queued event has been enriched and routed.</summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        _ingress.Writer.TryComplete();
        if (_loop is null) return;
        try { await _loop.WaitAsync(timeout).ConfigureAwait(false); }
        catch (TimeoutException) { _log.Error(Domain, $"did not drain within {timeout.TotalSeconds:0} s; {_ingress.Reader.Count} events left"); }
    }

    // A thread of its own: under traffic it takes what gathered, then sleeps a moment so that the next events are
    // taken as a batch too. Waiting on the queue for each event instead (an async loop on the thread pool) cost a
    // thread-pool wake-up, futex and spinning worker, for nearly every event a collector wrote: several
    // microseconds each. Only an idle pipeline blocks on the queue.
    private void ProcessLoop()
    {
        var reader = _ingress.Reader;
        while (true)
        {
            var processed = ProcessBatch(reader);
            if (processed == BatchSize) continue;
            if (processed > 0)
            {
                Thread.Sleep(BusyPause);
                continue;
            }
            var wait = reader.WaitToReadAsync();
            var more = wait.IsCompleted ? wait.Result : wait.AsTask().GetAwaiter().GetResult();
            if (!more) return;
        }
    }

    /// <summary>Most events enriched and routed per hold of the processing lock.</summary>
    private const int BatchSize = 256;

    /// <summary>How long the processing thread lets events gather after draining the queue (latency it adds).</summary>
    private static readonly TimeSpan BusyPause = TimeSpan.FromMilliseconds(5);

    private int ProcessBatch(ChannelReader<RecorderEvent> reader)
    {
        lock (_processingGate)
        {
            var enrichers = _enrichers;
            var routes = _routes;
            var n = 0;
            for (; n < BatchSize && reader.TryRead(out var recorderEvent); n++)
            {
                enrichers.Enrich(recorderEvent);
                if (routes.Dispatch(recorderEvent) > 0) _routed.Increment();
                else _unrouted.Increment();
            }
            _received.Add(n);
            if (_ingressLoss.HasLoss && _ingressLoss.TakeMarker(Ids) is { } marker) routes.DispatchToEverySink(marker);
            return n;
        }
    }
}

using System.Collections.Concurrent;
using Recorder.Contracts.Events;
using Recorder.Host.Subscriptions;

namespace Recorder.Host.Pipeline;

/// <summary>
/// Which sinks get which events: built from the active subscriptions and the sink workers. An event goes to a
/// sink once, if at least one of that sink's subscriptions wants its type and its filters match.
/// Immutable; the host swaps in a new table when subscriptions or sinks change.
/// </summary>
public sealed class RoutingTable
{
    private readonly IReadOnlyList<Subscription> _subscriptions;
    private readonly IReadOnlyDictionary<string, SinkWorker> _workers;
    private readonly ConcurrentDictionary<string, Route[]> _byType = new(StringComparer.Ordinal);

    /// <summary>A table that routes nothing.</summary>
    public static RoutingTable Empty { get; } = new(Array.Empty<Subscription>(), new Dictionary<string, SinkWorker>());

    /// <summary>Builds a table; subscriptions whose sink has no worker are ignored.</summary>
    public RoutingTable(IReadOnlyList<Subscription> subscriptions, IReadOnlyDictionary<string, SinkWorker> workersBySinkKey)
    {
        _subscriptions = subscriptions;
        _workers = workersBySinkKey;
    }

    /// <summary>The subscriptions this table routes for.</summary>
    public IReadOnlyList<Subscription> Subscriptions => _subscriptions;

    /// <summary>Hands the event to every sink that wants it; returns how many sinks took it.</summary>
    public int Dispatch(RecorderEvent recorderEvent)
    {
        if (IsLossMarker(recorderEvent)) return DispatchToEverySink(recorderEvent);
        var routes = _byType.GetOrAdd(recorderEvent.Type, Build);
        var delivered = 0;
        foreach (var route in routes)
            if (route.Accepts(recorderEvent) && route.Worker.TryEnqueue(recorderEvent)) delivered++;
        return delivered;
    }

    /// <summary>Dispatch for replay: waits for room in sink queues instead of dropping.</summary>
    public async ValueTask<int> DispatchAsync(RecorderEvent recorderEvent, CancellationToken cancellationToken)
    {
        if (IsLossMarker(recorderEvent))
        {
            foreach (var worker in Workers) await worker.EnqueueAsync(recorderEvent, cancellationToken).ConfigureAwait(false);
            return Workers.Count;
        }
        var routes = _byType.GetOrAdd(recorderEvent.Type, Build);
        var delivered = 0;
        foreach (var route in routes)
        {
            if (!route.Accepts(recorderEvent)) continue;
            await route.Worker.EnqueueAsync(recorderEvent, cancellationToken).ConfigureAwait(false);
            delivered++;
        }
        return delivered;
    }

    /// <summary>
    /// Hands a <c>recorder.loss</c> marker to every sink, subscribed or not: a gap concerns every store the lost
    /// events could have reached, and an answer from any of them must show it.
    /// </summary>
    public int DispatchToEverySink(RecorderEvent marker)
    {
        var delivered = 0;
        foreach (var worker in Workers)
            if (worker.TryEnqueue(marker)) delivered++;
        return delivered;
    }

    private IReadOnlyCollection<SinkWorker> Workers => _workers.Values.Distinct().ToList();

    private static bool IsLossMarker(RecorderEvent recorderEvent) => ReferenceEquals(recorderEvent.Schema, EventSchemas.RecorderLoss);

    private Route[] Build(string eventType)
    {
        var routes = new List<Route>();
        foreach (var group in _subscriptions.Where(s => s.WantsType(eventType)).GroupBy(s => s.SinkKey))
        {
            if (_workers.TryGetValue(group.Key, out var worker)) routes.Add(new Route(worker, group.ToArray()));
        }
        return routes.ToArray();
    }

    private sealed record Route(SinkWorker Worker, Subscription[] Subscriptions)
    {
        /// <summary>True when one of this sink's subscriptions lets the event through (the sink gets it once).</summary>
        public bool Accepts(RecorderEvent recorderEvent)
        {
            foreach (var subscription in Subscriptions)
                if (subscription.Filter.Matches(recorderEvent)) return true;
            return false;
        }
    }
}

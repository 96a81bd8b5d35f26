using System.Collections.Immutable;
using System.Globalization;
using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;
using Recorder.Host.Status;

namespace Recorder.Host.Watching;

/// <summary>
/// The watchers attached to the running host (<c>recorder watch</c> and local modules on the control socket). The
/// pipeline offers every routed event to each (<see cref="Publish"/>: no lock, no wait); the host asks collectors for
/// the types watchers want even when no subscription does (<see cref="WantedTypes"/>), and reconciles them when
/// the set of watchers changes (<see cref="Changed"/>).
/// </summary>
public sealed class WatchHub
{
    private readonly StatusBoard _status;
    private readonly WatchCounters _counters;
    private ImmutableArray<Watcher> _watchers = [];
    private long _nextId;

    /// <summary>Creates the hub and its <c>watch.*</c> status rows.</summary>
    public WatchHub(StatusBoard status)
    {
        _status = status;
        _counters = new WatchCounters(status);
        PublishCount();
    }

    /// <summary>Raised when a watcher attaches or leaves: the wanted types may have changed.</summary>
    public event Action? Changed;

    /// <summary>Watchers attached now.</summary>
    public int Count => _watchers.Length;

    /// <summary>Offers an event to every watcher; called by the pipeline after routing. Never blocks.</summary>
    public void Publish(RecorderEvent recorderEvent)
    {
        var watchers = _watchers;
        foreach (var watcher in watchers) watcher.Offer(recorderEvent);
    }

    /// <summary>The known types attached watchers want.</summary>
    public IReadOnlySet<string> WantedTypes(IEventSchemaRegistry schemas)
    {
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var watcher in _watchers)
            foreach (var schema in watcher.Subscription.MatchedTypes(schemas)) wanted.Add(schema.Name);
        return wanted;
    }

    /// <summary>
    /// Serves one watch request on <paramref name="stream"/> until the watch ends: refuses a bad request with an
    /// error line, else attaches a watcher, lets <paramref name="attached"/> ask collectors for its types (it must not
    /// throw: the host logs its own failures), and sends.
    /// </summary>
    public async Task ServeAsync(string requestJson, Stream stream, IEventSchemaRegistry schemas, Func<Task> attached, CancellationToken cancellationToken)
    {
        Watcher watcher;
        try
        {
            var request = WatchRequest.Parse(requestJson);
            watcher = new Watcher(Interlocked.Increment(ref _nextId), request, WatchFilter.Compile(request, schemas), _counters);
        }
        catch (WatchRequestException ex)
        {
            _counters.Refused.Increment();
            await WriteErrorAsync(stream, ex.Message, cancellationToken).ConfigureAwait(false);
            return;
        }
        ImmutableInterlocked.Update(ref _watchers, list => list.Add(watcher));
        _counters.Attached.Increment();
        PublishCount();
        try
        {
            await attached().ConfigureAwait(false);
            await watcher.RunAsync(stream, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            watcher.End(WatchEndReasons.ClientClosed);
            ImmutableInterlocked.Update(ref _watchers, list => list.Remove(watcher));
            PublishCount();
            Changed?.Invoke();
        }
    }

    /// <summary>Ends every watch with <paramref name="reason"/>; each sends what it has queued and its last line.</summary>
    public void EndAll(string reason)
    {
        foreach (var watcher in _watchers) watcher.End(reason);
    }

    /// <summary>Waits until every watcher has left (after <see cref="EndAll"/>), at most <paramref name="timeout"/>.</summary>
    public async Task WaitUntilEmptyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!_watchers.IsEmpty && DateTime.UtcNow < deadline) await Task.Delay(20).ConfigureAwait(false);
    }

    private void PublishCount() => _status.Set(WatchCounters.Domain, "attached", _watchers.Length.ToString(CultureInfo.InvariantCulture));

    private static async Task WriteErrorAsync(Stream stream, string message, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("watch", "error");
            json.WriteNumber("version", WatchRequest.CurrentVersion);
            json.WriteString("error", message);
            json.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        try { await stream.WriteAsync(buffer.ToArray(), cancellationToken).ConfigureAwait(false); }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or OperationCanceledException) { /* gone */ }
    }
}

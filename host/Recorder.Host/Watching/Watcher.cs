using System.Buffers;
using System.Text.Json;
using System.Threading.Channels;
using Recorder.Contracts.Ecs;
using Recorder.Contracts.Events;
using Recorder.Host.Subscriptions;

namespace Recorder.Host.Watching;

/// <summary>
/// One attached watcher: a bounded queue the pipeline offers events to without ever waiting, and a writer that sends
/// them to the client one JSON document per line. When the queue is full the watcher is cut off (the pipeline
/// never slows down for it): what was queued is dropped and counted, and the last line says <c>too_slow</c>.
/// </summary>
internal sealed class Watcher
{
    // How long the last line may take to reach a client that is cut off or at a stop; after that the socket closes.
    private static readonly TimeSpan LastLineTimeout = TimeSpan.FromSeconds(2);
    private const int FlushBytes = 64 * 1024;

    private readonly Channel<RecorderEvent> _queue;
    private readonly CancellationTokenSource _cut = new();
    private readonly WatchCounters _counters;
    private string? _endReason;
    private long _sent, _dropped;

    public Watcher(long id, WatchRequest request, Subscription subscription, WatchCounters counters)
    {
        Id = id;
        Request = request;
        Subscription = subscription;
        _counters = counters;
        _queue = Channel.CreateBounded<RecorderEvent>(new BoundedChannelOptions(request.Queue)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait, // only TryWrite is used: a full queue cuts the watcher
        });
    }

    public long Id { get; }
    public WatchRequest Request { get; }
    /// <summary>The request's types and filters, compiled as a subscription's are.</summary>
    public Subscription Subscription { get; }
    public bool Ended => Volatile.Read(ref _endReason) is not null;

    /// <summary>Called by the pipeline for every routed event: queues it when wanted, never waits.</summary>
    public void Offer(RecorderEvent recorderEvent)
    {
        if (Ended || !Subscription.Accepts(recorderEvent)) return;
        if (_queue.Writer.TryWrite(recorderEvent)) return;
        if (End(WatchEndReasons.TooSlow))
        {
            _counters.CutSlow.Increment();
            Interlocked.Increment(ref _dropped); // the event that did not fit; the queued ones are counted as dropped by the writer
            // A write blocked on a client that does not read gives up now; the callbacks run off the pipeline thread.
            _ = _cut.CancelAsync();
        }
    }

    /// <summary>Ends the watch; the writer sends what is queued (unless cut for being slow) and the last line. False when it had ended already.</summary>
    public bool End(string reason)
    {
        if (Interlocked.CompareExchange(ref _endReason, reason, null) is not null) return false;
        _queue.Writer.TryComplete();
        return true;
    }

    /// <summary>Sends the start line, then events as they come, then the last line; returns when the watch is over.</summary>
    public async Task RunAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _cut.Token);
        var hangUp = WatchForHangUpAsync(stream, stopping.Token);
        var buffer = new ArrayBufferWriter<byte>(FlushBytes);
        using var json = new Utf8JsonWriter(buffer, EcsDocument.WriterOptions);
        try
        {
            WriteStartLine(json, buffer);
            await FlushAsync(stream, buffer, stopping.Token).ConfigureAwait(false);
            var reader = _queue.Reader;
            while (await reader.WaitToReadAsync(stopping.Token).ConfigureAwait(false))
            {
                // Take what gathered, up to a buffer's worth, then write it in one go.
                while (buffer.WrittenCount < FlushBytes && reader.TryRead(out var recorderEvent))
                {
                    json.Reset(buffer);
                    if (Request.Format == WatchFormat.Ecs) EcsDocument.Write(json, recorderEvent, EcsHostInfo.Current);
                    else EventJsonLine.Write(json, recorderEvent);
                    json.Flush();
                    NewLine(buffer);
                    _sent++;
                    _counters.Sent.Increment();
                }
                await FlushAsync(stream, buffer, stopping.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) { /* cut off, or the host is going away */ }
        catch (IOException) { End(WatchEndReasons.ClientClosed); }
        catch (System.Net.Sockets.SocketException) { End(WatchEndReasons.ClientClosed); }
        End(WatchEndReasons.ClientClosed); // the client hung up while idle (the queue completed without a reason otherwise)

        // Whatever is still queued will not be sent: a cut watcher's backlog, or events after the client left.
        var left = 0;
        while (_queue.Reader.TryRead(out _)) left++;
        Interlocked.Add(ref _dropped, left);
        _counters.Dropped.Add(Interlocked.Read(ref _dropped));
        if (_endReason != WatchEndReasons.ClientClosed) await SendLastLineAsync(stream, json, buffer).ConfigureAwait(false);
        await hangUp.ConfigureAwait(false);
    }

    /// <summary>Reads from the client until it closes (it sends nothing after its request); ends the watch then.</summary>
    private async Task WatchForHangUpAsync(Stream stream, CancellationToken cancellationToken)
    {
        var scratch = new byte[256];
        try
        {
            while (await stream.ReadAsync(scratch, cancellationToken).ConfigureAwait(false) > 0) { }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or System.Net.Sockets.SocketException or ObjectDisposedException) { return; }
        End(WatchEndReasons.ClientClosed);
    }

    private void WriteStartLine(Utf8JsonWriter json, ArrayBufferWriter<byte> buffer)
    {
        json.Reset(buffer);
        json.WriteStartObject();
        json.WriteString("watch", "started");
        json.WriteNumber("version", WatchRequest.CurrentVersion);
        json.WriteNumber("id", Id);
        json.WriteStartArray("types");
        foreach (var type in Request.Types) json.WriteStringValue(type);
        json.WriteEndArray();
        json.WriteString("format", WatchRequest.FormatName(Request.Format));
        json.WriteNumber("queue", Request.Queue);
        json.WriteEndObject();
        json.Flush();
        NewLine(buffer);
    }

    private async Task SendLastLineAsync(Stream stream, Utf8JsonWriter json, ArrayBufferWriter<byte> buffer)
    {
        buffer.ResetWrittenCount();
        json.Reset(buffer);
        json.WriteStartObject();
        json.WriteString("watch", "end");
        json.WriteString("reason", _endReason);
        json.WriteNumber("sent", _sent);
        json.WriteNumber("dropped", Interlocked.Read(ref _dropped));
        json.WriteEndObject();
        json.Flush();
        NewLine(buffer);
        using var timeout = new CancellationTokenSource(LastLineTimeout);
        try { await FlushAsync(stream, buffer, timeout.Token).ConfigureAwait(false); }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or System.Net.Sockets.SocketException) { /* the client is gone or not reading */ }
    }

    private static async Task FlushAsync(Stream stream, ArrayBufferWriter<byte> buffer, CancellationToken cancellationToken)
    {
        if (buffer.WrittenCount == 0) return;
        await stream.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        buffer.ResetWrittenCount();
    }

    private static void NewLine(ArrayBufferWriter<byte> buffer)
    {
        buffer.GetSpan(1)[0] = (byte)'\n';
        buffer.Advance(1);
    }
}

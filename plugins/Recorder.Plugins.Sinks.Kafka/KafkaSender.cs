using System.Globalization;
using System.Text.Json;
using Confluent.Kafka;
using Recorder.Contracts.Plugins;

namespace Recorder.Plugins.Sinks.Kafka;

/// <summary>
/// The background sender: reads the spool behind the writer, hands each line to the idempotent producer and moves the
/// durable cursor over what Kafka acknowledged (delivery reports). A failed delivery rewinds to the cursor once every
/// report is in, so the failed message and everything after it is sent again (duplicates counted, nothing lost).
/// It also keeps the status rows and the brokers health check. The sink's write path never waits for it.
/// </summary>
internal sealed class KafkaSender
{
    private static readonly TimeSpan CursorSaveInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan StatusInterval = TimeSpan.FromMilliseconds(500);

    private readonly KafkaSettings _settings;
    private readonly Spool _spool;
    private readonly IPluginDiagnostics _diagnostics;
    private readonly TimeProvider _time;
    private readonly Func<KafkaSender, IProducer<byte[], byte[]>> _newProducer;
    private readonly InFlightWindow _window;
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, string> _topics = new(StringComparer.Ordinal);
    private readonly IPluginCounter _delivered, _errors, _resentAfterRestart, _resentAfterError, _rejected, _badLines;
    private readonly SpoolPosition _sentBeforeRestart;
    private readonly Action<SpoolDrop> _lost;
    private readonly Lock _handedOverGate = new();
    private SpoolPosition _handedOver;
    private long _droppedThrough;          // segments up to this one were dropped by the budget: never hand them over
    private SpoolPosition _savedSentMark;  // the cursor file says nothing after this was handed over (sender thread only)
    private IProducer<byte[], byte[]> _producer;
    private Thread? _thread;
    private long _backlog;                 // events in the spool not yet acknowledged
    private volatile bool _fatal;
    private int _brokersUp = -1, _brokersKnown;
    private long _unreachableSinceTicks;
    private bool? _healthy;
    private ErrorCode _lastLoggedError;

    /// <summary>A sender; <paramref name="newProducer"/> makes its producer (now, and again after a fatal error).</summary>
    public KafkaSender(KafkaSettings settings, Spool spool, IPluginDiagnostics diagnostics, TimeProvider time,
        Func<KafkaSender, IProducer<byte[], byte[]>> newProducer, long backlog, Action<SpoolDrop> lost)
    {
        _settings = settings;
        _spool = spool;
        _diagnostics = diagnostics;
        _time = time;
        _newProducer = newProducer;
        _backlog = backlog;
        _lost = lost;
        _handedOver = spool.Acknowledged;
        _savedSentMark = spool.SentBeforeRestart;
        spool.ClaimForDrop = segment =>
        {
            lock (_handedOverGate)
            {
                _droppedThrough = Math.Max(_droppedThrough, segment);
                return _handedOver;
            }
        };
        _window = new InFlightWindow(1 << 17, settings.InFlightMaxBytes, spool.Acknowledged);
        _sentBeforeRestart = spool.SentBeforeRestart;
        _unreachableSinceTicks = time.GetUtcNow().UtcTicks;
        _delivered = diagnostics.Counter("delivered");
        _errors = diagnostics.Counter("errors");
        _resentAfterRestart = diagnostics.Counter("resent_after_restart");
        _resentAfterError = diagnostics.Counter("resent_after_error");
        _rejected = diagnostics.Counter("rejected_by_kafka");
        _badLines = diagnostics.Counter("unreadable_spool_lines");
        diagnostics.SetStatus("brokers", settings.Brokers);
        _producer = newProducer(this);
    }

    /// <summary>Events in the spool that Kafka has not acknowledged.</summary>
    public long Backlog => Interlocked.Read(ref _backlog);

    /// <summary>Starts the sender thread.</summary>
    public void Start()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "recorder kafka sender" };
        _thread.Start();
    }

    /// <summary>The writer appended <paramref name="events"/> events.</summary>
    public void Appended(long events)
    {
        Interlocked.Add(ref _backlog, events);
        if (_wake.CurrentCount == 0) _wake.Release();
    }

    /// <summary>The spool dropped <paramref name="lines"/> lines the sender had not read.</summary>
    public void Dropped(long lines) => Interlocked.Add(ref _backlog, -lines);

    /// <summary>
    /// Stops the thread: waits up to <paramref name="drain"/> for what was handed to the producer to be acknowledged,
    /// then saves the cursor. What is left stays in the spool for the next start.
    /// </summary>
    public void Stop(TimeSpan drain)
    {
        _stop.Cancel();
        _thread?.Join();
        try { _producer.Flush(drain); }
        catch (KafkaException) { /* a fatal producer: the spool keeps everything unacknowledged */ }
        _spool.Acknowledge(_window.Acknowledged);
        _spool.SaveCursor(_savedSentMark);
        _producer.Dispose();
    }

    // Moves the handed-over position to a line's end unless the budget has claimed its segment: one decision, under
    // the lock the spool's drop takes, so a line is either counted as dropped or handed over, never both.
    private bool TryHandOver(SpoolPosition end)
    {
        lock (_handedOverGate)
        {
            if (end.Segment <= _droppedThrough) return false;
            _handedOver = end;
            return true;
        }
    }

    private SpoolPosition HandedOverPosition
    {
        get { lock (_handedOverGate) return _handedOver; }
        set { lock (_handedOverGate) _handedOver = value; }
    }

    private void Run()
    {
        using var reader = new SpoolReader(_spool, _spool.Acknowledged);
        HandedOverPosition = reader.Position;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                Send(reader);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or KafkaException)
            {
                // Never let the sender die: what is unacknowledged stays in the spool and is sent again.
                _errors.Increment();
                _diagnostics.Log(PluginLogLevel.Error, $"kafka sender: {ex.Message}; starting again from the spool's cursor", ex);
                _stop.Token.WaitHandle.WaitOne(1000);
                if (_window.AllReported) RewindTo(reader, "the sender failed");
            }
        }
    }

    private void Send(SpoolReader reader)
    {
        var nextSave = 0L;
        var nextStatus = 0L;
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            if (_fatal) ReplaceProducer(reader);
            if (_window.HasFailure)
            {
                if (_window.AllReported) RewindTo(reader, "a delivery failed");
                else { token.WaitHandle.WaitOne(20); continue; }
            }
            var sent = SendAvailable(reader, token);
            var now = _time.GetUtcNow().UtcTicks;
            _spool.Acknowledge(_window.Acknowledged);
            if (now >= nextSave)
            {
                SaveCursor();
                nextSave = now + CursorSaveInterval.Ticks;
            }
            if (now >= nextStatus)
            {
                UpdateStatus(now);
                nextStatus = now + StatusInterval.Ticks;
            }
            if (sent == 0)
            {
                try { _wake.Wait(50, token); }
                catch (OperationCanceledException) { break; }
            }
        }
    }

    // Hands lines to the producer until the spool is read, the window is full (in messages or bytes: while the brokers
    // are away the backlog stays in the spool, under its budget, not in memory), or a round is done.
    private int SendAvailable(SpoolReader reader, CancellationToken token)
    {
        var sent = 0;
        while (sent < 10_000 && !_window.HasFailure && _window.HasRoom && !token.IsCancellationRequested && reader.TryRead(out var line))
        {
            sent++;
            if (!SpoolLine.TryParse(line, Topic, out var message))
            {
                // Cannot happen with the spool's own lines; never let one block the cursor.
                _badLines.Increment();
                Acknowledged(_window.Report(_window.Add(reader.Position, 0, 0), delivered: true));
                continue;
            }
            var end = reader.Position;
            if (!TryHandOver(end))
            {
                // The budget dropped this line's segment (and counted it) after the reader had it in its buffer.
                reader.Seek(new SpoolPosition(_spool.OldestSegment, 0));
                continue;
            }
            if (end > _savedSentMark)
            {
                // Before anything past the saved mark goes to the producer, the cursor file covers what the spool
                // holds now: after a crash, every event that may have been sent is counted when sent again.
                _savedSentMark = _spool.WriteEnd;
                SaveCursor();
            }
            if (end <= _sentBeforeRestart) _resentAfterRestart.Increment();
            var seq = _window.Add(end, message.TimeMs, message.Key.Length + message.Value.Length);
            var kafkaMessage = new Message<byte[], byte[]> { Key = message.Key.ToArray(), Value = message.Value.ToArray() };
            Produce(message.Topic, kafkaMessage, seq, token);
        }
        return sent;
    }

    private void Produce(string topic, Message<byte[], byte[]> message, long seq, CancellationToken token)
    {
        while (true)
        {
            try
            {
                _producer.Produce(topic, message, report => OnDelivery(seq, report));
                return;
            }
            catch (ProduceException<byte[], byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull && !token.IsCancellationRequested)
            {
                // librdkafka's queue is full (brokers slow or gone): wait for room; the spool takes the rest.
                token.WaitHandle.WaitOne(5);
            }
            catch (KafkaException ex)
            {
                OnFailure(ex.Error);
                _window.Report(seq, delivered: false);
                return;
            }
        }
    }

    // On librdkafka's delivery thread.
    private void OnDelivery(long seq, DeliveryReport<byte[], byte[]> report)
    {
        if (!report.Error.IsError)
        {
            _delivered.Increment();
            Acknowledged(_window.Report(seq, delivered: true));
            return;
        }
        if (report.Error.Code is ErrorCode.MsgSizeTooLarge or ErrorCode.InvalidMsg or ErrorCode.InvalidMsgSize)
        {
            // Kafka will never take this message: sending it again would stall the spool for good.
            _rejected.Increment();
            _diagnostics.Log(PluginLogLevel.Error, $"kafka: {report.Topic} rejected a message for good ({report.Error.Reason}); skipped");
            Acknowledged(_window.Report(seq, delivered: true));
            return;
        }
        OnFailure(report.Error);
        _window.Report(seq, delivered: false);
    }

    private void Acknowledged(int lines)
    {
        if (lines > 0) Interlocked.Add(ref _backlog, -lines);
    }

    private void OnFailure(Error error)
    {
        _errors.Increment();
        if (error.IsFatal) _fatal = true;
        if (error.Code != _lastLoggedError)
        {
            _lastLoggedError = error.Code;
            _diagnostics.Log(PluginLogLevel.Warning, $"kafka: {error.Code}: {error.Reason}; unacknowledged events stay in the spool and are sent again");
        }
    }

    /// <summary>Errors the client reports outside a delivery (brokers down, authentication…).</summary>
    public void OnClientError(Error error)
    {
        if (error.IsFatal || error.Code != ErrorCode.Local_AllBrokersDown) OnFailure(error);
        else _errors.Increment();
        if (error.Code == ErrorCode.Local_AllBrokersDown) MarkBrokers(0, _brokersKnown);
    }

    /// <summary>librdkafka's statistics (JSON, every statistics.interval.ms): how many brokers are up.</summary>
    public void OnStatistics(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (!document.RootElement.TryGetProperty("brokers", out var brokers)) return;
            int up = 0, known = 0;
            foreach (var broker in brokers.EnumerateObject())
            {
                if (broker.Value.TryGetProperty("nodeid", out var id) && id.GetInt32() < 0) continue; // bootstrap entries
                known++;
                if (broker.Value.TryGetProperty("state", out var state) && state.GetString() == "UP") up++;
            }
            MarkBrokers(up, known);
        }
        catch (JsonException) { /* statistics are best effort */ }
    }

    private void MarkBrokers(int up, int known)
    {
        var wasUp = Volatile.Read(ref _brokersUp) > 0;
        Volatile.Write(ref _brokersKnown, known);
        Volatile.Write(ref _brokersUp, up);
        if (up > 0) Volatile.Write(ref _unreachableSinceTicks, 0);
        else if (wasUp || Volatile.Read(ref _unreachableSinceTicks) == 0) Volatile.Write(ref _unreachableSinceTicks, _time.GetUtcNow().UtcTicks);
    }

    private void RewindTo(SpoolReader reader, string why)
    {
        _spool.Acknowledge(_window.Acknowledged);
        var from = _spool.Acknowledged;
        var rewind = _window.Rewind(from);
        _resentAfterError.Add(rewind.Resent);
        Interlocked.Add(ref _backlog, -rewind.Gone);
        reader.Seek(from);
        HandedOverPosition = from;
        if (rewind.Lost > 0)
        {
            // Failed while the spool dropped their segment for room: lost, and marked like every budget drop.
            _lost(new SpoolDrop(rewind.Lost, 0, rewind.Lost, Time(rewind.FirstLostMs), Time(rewind.LastLostMs)));
        }
        _diagnostics.Log(PluginLogLevel.Information, $"kafka: {why}; sending again from the spool's cursor ({rewind.Resent} events may arrive twice)");
    }

    private void ReplaceProducer(SpoolReader reader)
    {
        _diagnostics.Log(PluginLogLevel.Warning, "kafka: the producer failed for good; making a new one");
        try { _producer.Dispose(); } catch (KafkaException) { /* already broken */ }
        _fatal = false;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                _producer = _newProducer(this);
                break;
            }
            catch (Exception ex) when (ex is KafkaException or PluginOptionsException)
            {
                _diagnostics.Log(PluginLogLevel.Error, $"kafka: cannot make a producer: {ex.Message}");
                _stop.Token.WaitHandle.WaitOne(1000);
            }
        }
        RewindTo(reader, "the producer was replaced");
    }

    private void SaveCursor()
    {
        try { _spool.SaveCursor(_savedSentMark); }
        catch (IOException ex) { _diagnostics.Log(PluginLogLevel.Warning, $"kafka: cannot save the spool cursor: {ex.Message}"); }
    }

    private void UpdateStatus(long nowTicks)
    {
        var invariant = CultureInfo.InvariantCulture;
        var up = Volatile.Read(ref _brokersUp);
        var known = Volatile.Read(ref _brokersKnown);
        _diagnostics.SetStatus("brokers", up < 0 ? $"{_settings.Brokers} (connecting)" : $"{_settings.Brokers} ({up} of {known} up)");
        _diagnostics.SetStatus("spooled_bytes", _spool.TotalBytes.ToString(invariant));
        _diagnostics.SetStatus("spooled_events", Math.Max(0, Backlog).ToString(invariant));
        var oldest = _window.OldestPendingTime;
        var lag = oldest is { } ms ? Math.Max(0, (nowTicks - DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcTicks) / TimeSpan.TicksPerSecond) : 0;
        _diagnostics.SetStatus("lag_seconds", lag.ToString(invariant));
        var since = Volatile.Read(ref _unreachableSinceTicks);
        var healthy = since == 0 || nowTicks - since < _settings.UnhealthyAfter.Ticks;
        if (healthy != _healthy)
        {
            _healthy = healthy;
            _diagnostics.ReportHealth("brokers", healthy, healthy
                ? $"{_settings.Brokers}: reachable"
                : $"{_settings.Brokers}: no broker reachable for more than {_settings.UnhealthyAfter.TotalSeconds:0} s; events wait in the spool");
        }
    }

    private static DateTime? Time(long? unixMs) => unixMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime : null;

    private string Topic(ReadOnlySpan<byte> utf8)
    {
        var lookup = _topics.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> chars = stackalloc char[utf8.Length];
        var n = System.Text.Encoding.UTF8.GetChars(utf8, chars);
        if (lookup.TryGetValue(chars[..n], out var topic)) return topic;
        topic = new string(chars[..n]);
        _topics[topic] = topic;
        return topic;
    }
}

using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;

namespace Recorder.Plugins.Sinks.Kafka;

/// <summary>
/// Sends events to Kafka at least once. Every batch is first appended to the local spool (<see cref="Spool"/>); a
/// background <see cref="KafkaSender"/> drains it and moves the durable cursor only over what Kafka acknowledged.
/// While brokers are unreachable the spool grows up to its budget, then drops its oldest events, counted and
/// marked with a <c>recorder.loss</c> event sent in their place. The write path never waits for Kafka.
/// </summary>
public sealed class KafkaSink : ISink
{
    /// <summary>The <c>loss.source</c> of the sink's loss markers.</summary>
    public const string LossSource = "sink.kafka";
    private static readonly TimeSpan ShutdownDrain = TimeSpan.FromSeconds(5);

    private readonly IPluginDiagnostics _diagnostics;
    private readonly TimeProvider _time;
    private readonly Spool _spool;
    private readonly SpoolLineWriter _lines;
    private readonly KafkaSender _sender;
    private readonly IPluginCounter _spooled, _droppedByBudget, _droppedSpoolFailed;
    private readonly Lock _lossGate = new();
    private SpoolDrop? _unreported;       // losses not yet marked in the spool (the sender adds its own)
    private string _unreportedReason = "";
    private bool _spoolHealthy = true;

    /// <summary>Opens the spool, makes the producer and starts sending what the spool holds.</summary>
    public KafkaSink(KafkaSettings settings, IPluginDiagnostics diagnostics, TimeProvider time)
    {
        _diagnostics = diagnostics;
        _time = time;
        _lines = new SpoolLineWriter(settings);
        _spooled = diagnostics.Counter("spooled");
        _droppedByBudget = diagnostics.Counter("dropped_by_budget");
        _droppedSpoolFailed = diagnostics.Counter("dropped_spool_failed");
        diagnostics.SetStatus("spool", settings.SpoolFolder);
        _spool = Spool.Open(settings.SpoolFolder, settings.SpoolMaxBytes, settings.SpoolSegmentBytes);
        try
        {
            if (_spool.TornBytesRepaired > 0)
                diagnostics.Log(PluginLogLevel.Warning, $"kafka spool {settings.SpoolFolder}: removed a torn last line of {_spool.TornBytesRepaired} bytes left by an interrupted write");
            var backlog = _spool.CountLinesFrom(_spool.Acknowledged);
            _sender = new KafkaSender(settings, _spool, diagnostics, time, sender => KafkaProducerFactory.Build(settings, sender, diagnostics), backlog,
                lost => { _droppedByBudget.Add(lost.Events); NoteLoss(lost, "spool_full"); });
        }
        catch
        {
            _spool.Dispose();
            throw;
        }
        _sender.Start();
    }

    /// <summary>Events in the spool that Kafka has not acknowledged yet.</summary>
    public long Backlog => _sender.Backlog;

    /// <inheritdoc />
    public ValueTask WriteBatchAsync(IReadOnlyList<RecorderEvent> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0) return ValueTask.CompletedTask;
        _lines.Clear();
        for (var i = 0; i < batch.Count; i++) _lines.Write(batch[i]);
        var events = batch.Count;
        var unreported = TakeUnreported();
        if (unreported is not null)
        {
            _lines.Write(LossMarker(unreported.Value.Drop, unreported.Value.Reason));
            events++;
        }
        try
        {
            var dropped = _spool.Append(_lines.Written.Span);
            _spooled.Add(events);
            _sender.Appended(events);
            if (dropped is not null) OnDroppedByBudget(dropped);
            if (!_spoolHealthy)
            {
                _spoolHealthy = true;
                _diagnostics.ReportHealth("spool", true, "writing again");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            if (unreported is not null) NoteLoss(unreported.Value.Drop, unreported.Value.Reason);
            _droppedSpoolFailed.Add(batch.Count);
            NoteLoss(new SpoolDrop(batch.Count, 0, batch.Count, First(batch), Last(batch)), "spool_failed");
            if (_spoolHealthy)
            {
                _spoolHealthy = false;
                _diagnostics.Log(PluginLogLevel.Error, $"kafka spool {_spool.Folder}: cannot write ({ex.Message}); dropping events until it can", ex);
            }
            _diagnostics.ReportHealth("spool", false, $"{_spool.Folder}: {ex.Message}");
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        WriteUnreportedMarker();
        try { _spool.Flush(); }
        catch (IOException ex) { _diagnostics.Log(PluginLogLevel.Warning, $"kafka spool {_spool.Folder}: cannot flush: {ex.Message}"); }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask ShutdownAsync(CancellationToken cancellationToken)
    {
        WriteUnreportedMarker();
        _sender.Stop(ShutdownDrain);
        try { _spool.Flush(); } catch (IOException) { /* the torn tail is repaired on the next start */ }
        _spool.Dispose();
        return ValueTask.CompletedTask;
    }

    // The spool dropped its oldest segments: the marker goes in right behind this batch.
    private void OnDroppedByBudget(SpoolDrop dropped)
    {
        _droppedByBudget.Add(dropped.Events);
        _sender.Dropped(dropped.Lines);
        _diagnostics.Log(PluginLogLevel.Warning, $"kafka spool {_spool.Folder}: over its budget; dropped the oldest {dropped.Events} unsent events ({dropped.FirstTime:O} to {dropped.LastTime:O})");
        NoteLoss(dropped, "spool_full");
        WriteUnreportedMarker();
    }

    // Writes the marker of losses noted so far (by the budget, a failed spool write, or the sender) into the spool.
    private void WriteUnreportedMarker()
    {
        var unreported = TakeUnreported();
        if (unreported is null) return;
        _lines.Clear();
        _lines.Write(LossMarker(unreported.Value.Drop, unreported.Value.Reason));
        try
        {
            var more = _spool.Append(_lines.Written.Span);
            _spooled.Increment();
            _sender.Appended(1);
            if (more is not null)
            {
                // Only with a tiny budget: marked with the next batch.
                _droppedByBudget.Add(more.Events);
                _sender.Dropped(more.Lines);
                NoteLoss(more, "spool_full");
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            NoteLoss(unreported.Value.Drop, unreported.Value.Reason);
        }
    }

    private void NoteLoss(SpoolDrop drop, string reason)
    {
        lock (_lossGate)
        {
            _unreported = _unreported is null ? drop : _unreported.Add(drop);
            _unreportedReason = reason;
        }
    }

    private (SpoolDrop Drop, string Reason)? TakeUnreported()
    {
        lock (_lossGate)
        {
            if (_unreported is null) return null;
            var taken = (_unreported, _unreportedReason);
            _unreported = null;
            return taken;
        }
    }

    private RecorderEvent LossMarker(SpoolDrop drop, string reason)
    {
        var schema = EventSchemas.RecorderLoss;
        // Not routed by the host, so it has no host id (0); its time is the start of the gap.
        var first = drop.FirstTime ?? _time.GetUtcNow().UtcDateTime;
        var marker = new RecorderEvent(schema) { Id = 0, Time = first, Collector = "recorder", Outcome = EventOutcome.Failure };
        marker.Set(schema.Count, drop.Lost);
        marker.Set(schema.Unit, "events");
        marker.Set(schema.Reason, reason);
        marker.Set(schema.Source, LossSource);
        marker.Set(schema.FirstTime, first);
        marker.Set(schema.LastTime, drop.LastTime ?? first);
        return marker;
    }

    private DateTime First(IReadOnlyList<RecorderEvent> batch) => batch[0].Time == default ? _time.GetUtcNow().UtcDateTime : batch[0].Time;
    private DateTime Last(IReadOnlyList<RecorderEvent> batch) => batch[^1].Time == default ? _time.GetUtcNow().UtcDateTime : batch[^1].Time;
}

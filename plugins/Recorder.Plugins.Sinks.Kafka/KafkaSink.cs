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
    private SpoolDrop? _unreported;       // drops not yet marked in the spool
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
            _sender = new KafkaSender(settings, _spool, diagnostics, time, sender => KafkaProducerFactory.Build(settings, sender, diagnostics), backlog);
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
        if (_unreported is not null)
        {
            _lines.Write(LossMarker(_unreported, _unreportedReason));
            events++;
        }
        try
        {
            var dropped = _spool.Append(_lines.Written.Span);
            _unreported = null;
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
            _droppedSpoolFailed.Add(batch.Count);
            NoteLoss(new SpoolDrop(batch.Count, 0, First(batch), Last(batch)), "spool_failed");
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
        try { _spool.Flush(); }
        catch (IOException ex) { _diagnostics.Log(PluginLogLevel.Warning, $"kafka spool {_spool.Folder}: cannot flush: {ex.Message}"); }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask ShutdownAsync(CancellationToken cancellationToken)
    {
        _sender.Stop(ShutdownDrain);
        try { _spool.Flush(); } catch (IOException) { /* the torn tail is repaired on the next start */ }
        _spool.Dispose();
        return ValueTask.CompletedTask;
    }

    // The spool dropped its oldest segments: the marker goes in right behind this batch.
    private void OnDroppedByBudget(SpoolDrop dropped)
    {
        _droppedByBudget.Add(dropped.Events);
        _sender.Dropped(dropped.Events);
        _diagnostics.Log(PluginLogLevel.Warning, $"kafka spool {_spool.Folder}: over its budget; dropped the oldest {dropped.Events} undelivered events ({dropped.FirstTime:O} to {dropped.LastTime:O})");
        _lines.Clear();
        _lines.Write(LossMarker(dropped, "spool_full"));
        try
        {
            var more = _spool.Append(_lines.Written.Span);
            _spooled.Increment();
            _sender.Appended(1);
            if (more is not null)
            {
                // Only with a tiny budget: marked with the next batch.
                _droppedByBudget.Add(more.Events);
                _sender.Dropped(more.Events);
                NoteLoss(more, "spool_full");
            }
        }
        catch (IOException)
        {
            NoteLoss(dropped, "spool_full");
        }
    }

    private void NoteLoss(SpoolDrop drop, string reason)
    {
        _unreported = _unreported is null ? drop : _unreported.Add(drop.Events, drop.Bytes, drop.FirstTime, drop.LastTime);
        _unreportedReason = reason;
    }

    private RecorderEvent LossMarker(SpoolDrop drop, string reason)
    {
        var schema = EventSchemas.RecorderLoss;
        // Not routed by the host, so it has no host id (0); its time is the start of the gap.
        var marker = new RecorderEvent(schema) { Id = 0, Time = drop.FirstTime, Collector = "recorder", Outcome = EventOutcome.Failure };
        marker.Set(schema.Count, drop.Events);
        marker.Set(schema.Unit, "events");
        marker.Set(schema.Reason, reason);
        marker.Set(schema.Source, LossSource);
        marker.Set(schema.FirstTime, drop.FirstTime);
        marker.Set(schema.LastTime, drop.LastTime);
        return marker;
    }

    private DateTime First(IReadOnlyList<RecorderEvent> batch) => batch[0].Time == default ? _time.GetUtcNow().UtcDateTime : batch[0].Time;
    private DateTime Last(IReadOnlyList<RecorderEvent> batch) => batch[^1].Time == default ? _time.GetUtcNow().UtcDateTime : batch[^1].Time;
}

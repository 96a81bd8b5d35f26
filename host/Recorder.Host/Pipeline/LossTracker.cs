using Recorder.Contracts.Events;

namespace Recorder.Host.Pipeline;

/// <summary>
/// Events dropped for one reason at one place, gathered until they are turned into one <c>recorder.loss</c> marker:
/// how many, and the span of their times (where the gap lies in the history). Drops come from any thread.
/// </summary>
public sealed class LossTracker
{
    private readonly string _reason;
    private readonly string _source;
    private readonly Lock _gate = new();
    private long _count;
    private DateTime _first, _last;

    /// <summary>A tracker for drops of <paramref name="reason"/> (a <see cref="DropReasons"/> name without its prefix) at <paramref name="source"/>.</summary>
    public LossTracker(string reason, string source)
    {
        _reason = reason;
        _source = source;
    }

    /// <summary>Whether drops are waiting to be reported (a cheap check for the hot path).</summary>
    public bool HasLoss => Volatile.Read(ref _count) > 0;

    /// <summary>Notes one dropped event.</summary>
    public void Lost(RecorderEvent dropped) => Lost(1, dropped.Time, dropped.Time);

    /// <summary>Notes <paramref name="count"/> dropped events whose times span <paramref name="first"/>..<paramref name="last"/>.</summary>
    public void Lost(long count, DateTime first, DateTime last)
    {
        if (count <= 0) return;
        if (first == default) first = DateTime.UtcNow;
        if (last == default) last = first;
        lock (_gate)
        {
            if (_count == 0 || first < _first) _first = first;
            if (_count == 0 || last > _last) _last = last;
            _count += count;
        }
    }

    /// <summary>The marker of the drops noted since the last call (and forgets them), or null when there were none.</summary>
    public RecorderEvent? TakeMarker(EventIdGenerator ids)
    {
        long count;
        DateTime first, last;
        lock (_gate)
        {
            if (_count == 0) return null;
            (count, first, last) = (_count, _first, _last);
            _count = 0;
        }
        return Marker(ids.Next(), count, "events", _reason, _source, first, last);
    }

    /// <summary>A <c>recorder.loss</c> event, placed in time at the start of the gap.</summary>
    public static RecorderEvent Marker(long id, long count, string unit, string reason, string source, DateTime first, DateTime last)
    {
        var schema = EventSchemas.RecorderLoss;
        var marker = new RecorderEvent(schema) { Id = id, Time = first, Collector = "recorder", Outcome = EventOutcome.Failure };
        marker.Set(schema.Count, count);
        marker.Set(schema.Unit, unit);
        marker.Set(schema.Reason, reason);
        marker.Set(schema.Source, source);
        marker.Set(schema.FirstTime, first);
        marker.Set(schema.LastTime, last);
        return marker;
    }
}

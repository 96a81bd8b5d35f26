using Recorder.Contracts.Events;
using Recorder.Windows.Etw.Etl;

namespace Recorder.Plugins.Collectors.WindowsEtw.Mapping;

/// <summary>Events and buffers the session that wrote a trace says it lost, as a loss marker in the history.</summary>
internal static class TraceLoss
{
    public const string Source = "windows-etw";

    public static IEnumerable<RecorderEvent> Of(TraceLogfileHeader header)
    {
        if (header.EventsLost == 0 && header.BuffersLost == 0) yield break;
        yield return Marker(header.EventsLost + header.BuffersLost, header.BuffersLost > 0 ? "buffers_lost" : "events_lost",
            header.StartTimeUtc, header.EndTime > 0 ? DateTime.FromFileTimeUtc(header.EndTime) : header.StartTimeUtc);
    }

    /// <summary>A loss marker: <paramref name="count"/> events lost between <paramref name="first"/> and <paramref name="last"/>.</summary>
    public static RecorderEvent Marker(long count, string reason, DateTime first, DateTime last)
    {
        var schema = EventSchemas.RecorderLoss;
        var e = new RecorderEvent(schema) { Time = last, Outcome = EventOutcome.Failure };
        e.Set(schema.Count, count);
        e.Set(schema.Unit, "events");
        e.Set(schema.Reason, reason);
        e.Set(schema.Source, Source);
        e.Set(schema.FirstTime, first);
        e.Set(schema.LastTime, last);
        return e;
    }
}

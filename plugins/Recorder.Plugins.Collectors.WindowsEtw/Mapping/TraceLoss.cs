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
        var end = header.EndTime > 0 ? DateTime.FromFileTimeUtc(header.EndTime) : header.StartTimeUtc;
        if (header.EventsLost > 0) yield return Marker(header.EventsLost, "records", "events_lost", header.StartTimeUtc, end);
        if (header.BuffersLost > 0) yield return Marker(header.BuffersLost, "buffers", "buffers_lost", header.StartTimeUtc, end);
    }

    /// <summary>
    /// A loss marker: <paramref name="count"/> ETW events (<c>records</c>: the source's own records) or whole buffers
    /// lost between <paramref name="first"/> and <paramref name="last"/>.
    /// </summary>
    public static RecorderEvent Marker(long count, string unit, string reason, DateTime first, DateTime last)
    {
        var schema = EventSchemas.RecorderLoss;
        var e = new RecorderEvent(schema) { Time = last, Outcome = EventOutcome.Failure };
        e.Set(schema.Count, count);
        e.Set(schema.Unit, unit);
        e.Set(schema.Reason, reason);
        e.Set(schema.Source, Source);
        e.Set(schema.FirstTime, first);
        e.Set(schema.LastTime, last);
        return e;
    }
}

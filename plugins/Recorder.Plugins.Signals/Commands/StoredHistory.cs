using Recorder.Plugins.Sinks.Sqlite.Queries;

namespace Recorder.Plugins.Signals.Commands;

/// <summary>
/// Every stored event of some types in a time window, oldest first, read page by page through the store's own
/// timeline question (so the whole history never sits in memory), as whole-event records.
/// </summary>
internal static class StoredHistory
{
    private const int PageSize = 5_000;

    public static IEnumerable<EventRecord> Read(RecorderStore store, DateTime since, DateTime until, IReadOnlyCollection<string> types)
    {
        var queries = new StoreQueries(store);
        var from = since;
        var page = PageSize;
        // Events at the time a page ended at are read again by the next page: skip the ones already given.
        var seenAtBoundary = new HashSet<long>();
        while (true)
        {
            var records = queries.Timeline(from, until, types, page).Records ?? [];
            var last = from;
            var given = 0;
            var boundary = new HashSet<long>();
            foreach (var record in records)
            {
                var id = record["event.id"] as long? ?? -1;
                var time = CommandTime.OfRecord(record["event.time"]) ?? from;
                if (time == from && seenAtBoundary.Contains(id)) continue;
                if (time > last) { last = time; boundary.Clear(); }
                boundary.Add(id);
                given++;
                yield return record;
            }
            if (records.Count < page) yield break;
            if (given == 0)
            {
                // A whole page of events at one instant: read a bigger page instead of the same one again.
                page *= 2;
                continue;
            }
            if (last == from) seenAtBoundary.UnionWith(boundary);
            else seenAtBoundary = boundary;
            from = last;
        }
    }
}

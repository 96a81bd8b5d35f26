using System.Text.Json;
using Microsoft.Data.Sqlite;
using Recorder.Plugins.Sinks.Sqlite.Storage;

namespace Recorder.Plugins.Sinks.Sqlite.Queries;

/// <summary>
/// Decodes the events an answer keeps: their process rows, then every string id they use (fields, headers, process
/// paths, command lines, users), each partition's ids looked up together and many partitions per statement, instead
/// of a correlated lookup per column per row. Events of one process share their process row and most of their
/// strings, so a page of results needs a few hundred distinct ids per partition at most.
/// </summary>
internal sealed class EventDecoder
{
    private readonly RecorderStore _store;

    /// <param name="store">The store the events were found in.</param>
    public EventDecoder(RecorderStore store) => _store = store;

    /// <summary>Fills in the decoded values of <paramref name="events"/>: their own fields, header and whole process context.</summary>
    public void Decode(IReadOnlyList<FoundEvent> events)
    {
        var byPartition = events.GroupBy(e => e.Partition.Number).ToDictionary(g => g.Key, g => g.ToList());

        var processRows = PartitionLookup.Rows(_store.Connection, byPartition.Where(p => _store.Tables.Contains(SqlNames.Processes(p.Key)))
                .ToDictionary(p => p.Key, p => p.Value.Where(e => e.ProcessRow is not null).Select(e => e.ProcessRow!.Value).ToHashSet()),
            // Partitions written before contracts 2.0 lack some columns: they read as null.
            n => $"SELECT {n}, pk, {ProcessFieldDecoder.SelectList(_store.ColumnsOf(SqlNames.Processes(n)), "")} FROM {SqlNames.Processes(n)} WHERE pk IN ",
            reader =>
            {
                var raw = new object?[ProcessFieldDecoder.Columns.Count];
                for (var i = 0; i < raw.Length; i++) raw[i] = reader.IsDBNull(i + 2) ? null : reader.GetValue(i + 2);
                return raw;
            });

        var ids = byPartition.ToDictionary(p => p.Key, p =>
        {
            var set = new HashSet<long>();
            foreach (var e in p.Value) AddStringIds(e, set);
            if (processRows.TryGetValue(p.Key, out var rows))
                foreach (var r in rows.Values) set.UnionWith(ProcessFieldDecoder.StringIds(r));
            return set;
        });
        var strings = PartitionLookup.Strings(_store.Connection, ids);

        foreach (var (n, partitionEvents) in byPartition)
        {
            var texts = strings.TryGetValue(n, out var t) ? t : new Dictionary<long, string>();
            var processes = processRows.TryGetValue(n, out var p) ? p : new Dictionary<long, object?[]>();
            Fill(partitionEvents, texts, processes);
        }
    }

    private static void AddStringIds(FoundEvent e, HashSet<long> ids)
    {
        for (var i = 0; i < e.Type.Fields.Count; i++)
            if (e.Type.Fields[i].IsInterned && e.RawFields[i] is long id) ids.Add(id);
        if (e.HeaderId is { } header) ids.Add(header);
        if (e.FirstLayoutHeader is { } old)
        {
            if (old.CollectorId is { } c) ids.Add(c);
            if (old.TagsId is { } t) ids.Add(t);
        }
    }

    private static void Fill(List<FoundEvent> events, Dictionary<long, string> strings, Dictionary<long, object?[]> processes)
    {
        string? S(long? id) => id is { } v && strings.TryGetValue(v, out var s) ? s : null;
        // A partition holds a handful of distinct headers, and a page a few processes: each is decoded once.
        var headers = new Dictionary<long, Header>();
        var decodedProcesses = new Dictionary<long, (ProcessSummary, List<KeyValuePair<string, object?>>)>();
        foreach (var e in events)
        {
            var fields = new object?[e.Type.Fields.Count];
            for (var i = 0; i < fields.Length; i++) fields[i] = FoundEvent.DecodeField(e.Type.Fields[i], e.RawFields[i], strings);
            e.Fields = fields;
            if (e.ProcessRow is { } pk && processes.TryGetValue(pk, out var raw))
            {
                if (!decodedProcesses.TryGetValue(pk, out var process))
                {
                    var processFields = ProcessFieldDecoder.Decode(raw, strings);
                    decodedProcesses[pk] = process = (ProcessSummary.Of(processFields), processFields);
                }
                (e.Process, e.ProcessFields) = process;
            }
            if (e.HeaderId is { } headerId && S(headerId) is { } json)
            {
                if (!headers.TryGetValue(headerId, out var header)) headers[headerId] = header = ReadHeader(json);
                (e.Collector, e.Outcome, e.Result, e.Tags) = header;
            }
            else if (e.FirstLayoutHeader is { } old)
            {
                e.Collector = S(old.CollectorId);
                e.Outcome = OutcomeName(old.Outcome);
                e.Result = old.Result;
                e.Tags = S(old.TagsId);
            }
        }
    }

    /// <summary>Reads a header object <c>{"c":collector,"o":outcome,"r":result,"t":tags}</c> (<see cref="EventHeader"/>).</summary>
    private static Header ReadHeader(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new Header(
            root.TryGetProperty("c", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null,
            OutcomeName(root.TryGetProperty("o", out var o) && o.ValueKind == JsonValueKind.Number ? o.GetInt64() : null),
            root.TryGetProperty("r", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetInt64() : null,
            root.TryGetProperty("t", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null);
    }

    private sealed record Header(string? Collector, string Outcome, long? Result, string? Tags);

    private static string OutcomeName(long? outcome) => outcome switch { 1 => "success", 2 => "failure", _ => "unknown" };
}

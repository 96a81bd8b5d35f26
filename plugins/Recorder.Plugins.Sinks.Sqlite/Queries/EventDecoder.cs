using System.Globalization;
using System.Text;
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
    // Ids are integers written into the statement; this many per statement keeps it a few tens of kilobytes.
    private const int IdsPerStatement = 4000;

    private readonly RecorderStore _store;
    private readonly bool _withCommandLines;

    /// <param name="store">The store the events were found in.</param>
    /// <param name="withCommandLines">Whether to decode process command lines: nearly one distinct string per process, so leave them out when the answer does not show them.</param>
    public EventDecoder(RecorderStore store, bool withCommandLines)
    {
        _store = store;
        _withCommandLines = withCommandLines;
    }

    /// <summary>Fills in the decoded values of <paramref name="events"/>.</summary>
    public void Decode(IReadOnlyList<FoundEvent> events)
    {
        var byPartition = events.GroupBy(e => e.Partition.Number).ToDictionary(g => g.Key, g => g.ToList());

        var processRows = Lookup(byPartition.Where(p => _store.Tables.Contains(SqlNames.Processes(p.Key)))
                .ToDictionary(p => p.Key, p => p.Value.Where(e => e.ProcessRow is not null).Select(e => e.ProcessRow!.Value).ToHashSet()),
            n => $"SELECT {n}, pk, guid, pid, path, cmd, user_name FROM {SqlNames.Processes(n)} WHERE pk IN ",
            reader =>
            {
                long? L(int i) => reader.IsDBNull(i) ? null : reader.GetInt64(i);
                var guid = reader.IsDBNull(2) ? null : new Guid((byte[])reader.GetValue(2), bigEndian: true).ToString();
                return new RawProcess(guid, L(3), L(4), L(5), L(6));
            });

        var ids = byPartition.ToDictionary(p => p.Key, p =>
        {
            var set = new HashSet<long>();
            foreach (var e in p.Value) AddStringIds(e, set);
            if (processRows.TryGetValue(p.Key, out var rows))
                foreach (var r in rows.Values)
                    foreach (var id in new[] { r.PathId, _withCommandLines ? r.CommandId : null, r.UserId }) if (id is { } v) set.Add(v);
            return set;
        });
        var strings = Lookup(ids, n => $"SELECT {n}, id, s FROM {SqlNames.Strings(n)} WHERE id IN ", reader => reader.GetString(2));

        foreach (var (n, partitionEvents) in byPartition)
        {
            var texts = strings.TryGetValue(n, out var t) ? t : new Dictionary<long, string>();
            var processes = processRows.TryGetValue(n, out var p) ? p : new Dictionary<long, RawProcess>();
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

    private static void Fill(List<FoundEvent> events, Dictionary<long, string> strings, Dictionary<long, RawProcess> processes)
    {
        string? S(long? id) => id is { } v && strings.TryGetValue(v, out var s) ? s : null;
        // A partition holds a handful of distinct headers: each is parsed once.
        var headers = new Dictionary<long, Header>();
        foreach (var e in events)
        {
            var fields = new object?[e.Type.Fields.Count];
            for (var i = 0; i < fields.Length; i++) fields[i] = FoundEvent.DecodeField(e.Type.Fields[i], e.RawFields[i], strings);
            e.Fields = fields;
            if (e.ProcessRow is { } pk && processes.TryGetValue(pk, out var p))
                e.Process = new ProcessSummary(p.Guid, p.Pid, S(p.PathId), S(p.CommandId), S(p.UserId));
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

    /// <summary>
    /// Looks up keys of many partitions with as few statements as possible: one <c>SELECT</c> per partition (its keys
    /// in an <c>IN</c> list) joined by <c>UNION ALL</c>. Each row starts with the partition number and the key.
    /// </summary>
    private Dictionary<long, Dictionary<long, T>> Lookup<T>(Dictionary<long, HashSet<long>> keysByPartition, Func<long, string> selectWhereKeyIn,
        Func<SqliteDataReader, T> read)
    {
        var result = new Dictionary<long, Dictionary<long, T>>();
        var terms = new List<string>();
        var idsInStatement = 0;
        foreach (var (n, keys) in keysByPartition)
        {
            // A partition's keys may themselves need several statements.
            foreach (var batch in keys.Chunk(IdsPerStatement))
            {
                var term = new StringBuilder(selectWhereKeyIn(n)).Append('(');
                for (var i = 0; i < batch.Length; i++) term.Append(i == 0 ? "" : ",").Append(batch[i].ToString(CultureInfo.InvariantCulture));
                terms.Add(term.Append(')').ToString());
                idsInStatement += batch.Length;
                if (idsInStatement >= IdsPerStatement || terms.Count >= MaxCompound) Flush();
            }
        }
        Flush();
        return result;

        void Flush()
        {
            if (terms.Count == 0) return;
            using var command = _store.Connection.CreateCommand();
            command.CommandText = string.Join(" UNION ALL ", terms);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var n = reader.GetInt64(0);
                if (!result.TryGetValue(n, out var ofPartition)) result[n] = ofPartition = new Dictionary<long, T>();
                ofPartition[reader.GetInt64(1)] = read(reader);
            }
            terms.Clear();
            idsInStatement = 0;
        }
    }

    // SQLite allows 500 terms in a compound SELECT.
    private const int MaxCompound = 400;

    private sealed record RawProcess(string? Guid, long? Pid, long? PathId, long? CommandId, long? UserId);

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

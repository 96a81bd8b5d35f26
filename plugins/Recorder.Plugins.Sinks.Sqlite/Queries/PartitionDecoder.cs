using System.Text.Json;
using Microsoft.Data.Sqlite;
using Recorder.Plugins.Sinks.Sqlite.Storage;

namespace Recorder.Plugins.Sinks.Sqlite.Queries;

/// <summary>
/// Decodes the events an answer keeps from one partition: their process rows in one statement, then every string
/// id they use (fields, headers, process paths, command lines, users) in one statement per batch of ids, instead of
/// a correlated lookup per column per row. Events of one process share their process row and most of their strings,
/// so a page of results needs a few hundred distinct ids at most.
/// </summary>
internal sealed class PartitionDecoder
{
    // Ids are integers written into the statement; a batch this size keeps it a few kilobytes.
    private const int BatchSize = 500;

    private readonly SqliteConnection _connection;
    private readonly long _partition;

    public PartitionDecoder(SqliteConnection connection, long partition)
    {
        _connection = connection;
        _partition = partition;
    }

    /// <summary>Fills in the decoded values of <paramref name="events"/>, all of this decoder's partition.</summary>
    public void Decode(IReadOnlyList<FoundEvent> events, bool processTableExists)
    {
        var processRows = processTableExists
            ? ProcessRows(events.Where(e => e.ProcessRow is not null).Select(e => e.ProcessRow!.Value).Distinct())
            : new Dictionary<long, RawProcess>();

        var ids = new HashSet<long>();
        foreach (var e in events)
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
        foreach (var p in processRows.Values)
            foreach (var id in new[] { p.PathId, p.CommandId, p.UserId }) if (id is { } v) ids.Add(v);
        var strings = Strings(ids);

        string? S(long? id) => id is { } v && strings.TryGetValue(v, out var s) ? s : null;
        // A partition holds a handful of distinct headers: each is parsed once.
        var headers = new Dictionary<long, Header>();
        foreach (var e in events)
        {
            var fields = new object?[e.Type.Fields.Count];
            for (var i = 0; i < fields.Length; i++) fields[i] = FoundEvent.DecodeField(e.Type.Fields[i], e.RawFields[i], strings);
            e.Fields = fields;
            if (e.ProcessRow is { } pk && processRows.TryGetValue(pk, out var p))
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

    /// <summary>The text of each id found in the partition's string table.</summary>
    public Dictionary<long, string> Strings(IEnumerable<long> ids)
    {
        var result = new Dictionary<long, string>();
        foreach (var batch in ids.Chunk(BatchSize))
        {
            using var command = _connection.CreateCommand();
            command.CommandText = $"SELECT id, s FROM {SqlNames.Strings(_partition)} WHERE id IN ({string.Join(",", batch)})";
            using var reader = command.ExecuteReader();
            while (reader.Read()) result[reader.GetInt64(0)] = reader.GetString(1);
        }
        return result;
    }

    private sealed record RawProcess(string? Guid, long? Pid, long? PathId, long? CommandId, long? UserId);

    private Dictionary<long, RawProcess> ProcessRows(IEnumerable<long> rows)
    {
        var result = new Dictionary<long, RawProcess>();
        foreach (var batch in rows.Chunk(BatchSize))
        {
            using var command = _connection.CreateCommand();
            command.CommandText = $"SELECT pk, guid, pid, path, cmd, user_name FROM {SqlNames.Processes(_partition)} WHERE pk IN ({string.Join(",", batch)})";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                long? L(int i) => reader.IsDBNull(i) ? null : reader.GetInt64(i);
                var guid = reader.IsDBNull(1) ? null : new Guid((byte[])reader.GetValue(1), bigEndian: true).ToString();
                result[reader.GetInt64(0)] = new RawProcess(guid, L(2), L(3), L(4), L(5));
            }
        }
        return result;
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

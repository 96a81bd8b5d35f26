using System.Globalization;
using Recorder.Contracts.Events;
using Recorder.Plugins.Sinks.Sqlite.Storage;

namespace Recorder.Plugins.Sinks.Sqlite.Queries;

/// <summary>
/// One event found by <see cref="EventSearch"/>: first its raw columns (row key, string ids, process row), then,
/// once kept in the answer, its decoded values (filled in by <see cref="EventDecoder"/>).
/// </summary>
internal sealed class FoundEvent
{
    public FoundEvent(PartitionInfo partition, StoredType type, long ticks, long eventId, long? processRow, object?[] rawFields)
    {
        Partition = partition;
        Type = type;
        Ticks = ticks;
        EventId = eventId;
        ProcessRow = processRow;
        RawFields = rawFields;
    }

    public PartitionInfo Partition { get; }
    public StoredType Type { get; }
    public long Ticks { get; }
    public long EventId { get; }
    /// <summary>The row of the partition's process table (<c>proc</c>), if any.</summary>
    public long? ProcessRow { get; }
    /// <summary>The stored values of <see cref="StoredType.Fields"/> in order (string ids for interned fields; null when the table lacks the column).</summary>
    public object?[] RawFields { get; }

    /// <summary>The string id of the header (<c>hdr</c>), or, for tables of the first layout, its four columns.</summary>
    public long? HeaderId { get; init; }
    public (long? Outcome, long? Result, long? CollectorId, long? TagsId)? FirstLayoutHeader { get; init; }

    // ---- decoded ----
    public object?[] Fields { get; set; } = [];
    public ProcessSummary? Process { get; set; }
    /// <summary>The whole process context as <c>process.*</c> fields (present ones only).</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> ProcessFields { get; set; } = [];
    public string? Collector { get; set; }
    public string Outcome { get; set; } = "unknown";
    public long? Result { get; set; }
    public string? Tags { get; set; }

    public string Time => FormatTime(Ticks);

    /// <summary>The decoded value of the field stored in <paramref name="column"/>, or null.</summary>
    public object? Field(string column)
    {
        for (var i = 0; i < Type.Fields.Count; i++)
            if (Type.Fields[i].Column == column) return Fields[i];
        return null;
    }

    /// <summary>The type's own fields as <c>name=value</c> pairs, and the outcome when it failed.</summary>
    public string Details(string? skipColumn = null)
    {
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < Type.Fields.Count; i++)
        {
            if (Type.Fields[i].Column == skipColumn || Fields[i] is not { } value) continue;
            if (text.Length > 0) text.Append(' ');
            text.Append(Type.Fields[i].Field).Append('=').Append(Convert.ToString(value, CultureInfo.InvariantCulture));
        }
        if (Outcome == "failure") text.Append(text.Length > 0 ? " " : "").Append("outcome=failure result=").Append(Result);
        return text.ToString();
    }

    /// <summary>
    /// The whole event under the journal's flat dotted names, absent values left out: <c>event.*</c>, the process
    /// context, the type's own fields, then <c>tags</c> (an object).
    /// </summary>
    public EventRecord ToRecord()
    {
        var record = new EventRecord
        {
            { "event.id", EventId },
            { "event.time", Time },
            { "event.type", Type.Type },
            { "event.collector", Collector },
            { "event.outcome", Outcome },
            { "event.result", Result },
        };
        foreach (var field in ProcessFields) record.Add(field.Key, field.Value);
        for (var i = 0; i < Type.Fields.Count; i++)
            record.Add(Type.Fields[i].Field, Type.Fields[i].Type == FieldType.Boolean && Fields[i] is long flag ? flag != 0 : Fields[i]);
        if (Tags is not null && StoredValues.ParseJsonObject(Tags) is { Count: > 0 } tags) record.Add("tags", tags);
        return record;
    }

    /// <summary>ISO 8601 UTC with 100 ns precision, as the SQL views print times.</summary>
    public static string FormatTime(long ticks) =>
        new DateTime(ticks, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The stored form of a field turned into what the views show.</summary>
    public static object? DecodeField(StoredField field, object? raw, IReadOnlyDictionary<long, string> strings) => raw switch
    {
        null => null,
        long id when field.Type == FieldType.StringList => StoredValues.ParseJsonArray(strings.GetValueOrDefault(id)),
        long id when field.IsInterned => strings.TryGetValue(id, out var s) ? s : null,
        long ticks when field.Type == FieldType.Timestamp => FormatTime(ticks),
        byte[] bytes when field.Type == FieldType.Guid && bytes.Length == 16 => new Guid(bytes, bigEndian: true).ToString(),
        _ => raw,
    };
}

/// <summary>The process context columns the query tables show; the exact argv comes with the command line.</summary>
internal sealed record ProcessSummary(string? Guid, long? Pid, string? Path, string? CommandLine, string? UserName, IReadOnlyList<string>? Arguments = null,
    string? ContainerId = null)
{
    /// <summary>The summary of decoded <c>process.*</c> fields.</summary>
    public static ProcessSummary Of(IReadOnlyList<KeyValuePair<string, object?>> fields)
    {
        object? Get(string name) => fields.FirstOrDefault(f => f.Key == name).Value;
        return new ProcessSummary(Get("process.guid") as string, Get("process.pid") as long?, Get("process.path") as string, Get("process.cmd") as string,
            Get("process.user_name") as string, Get("process.args") as string[], Get("process.container_id") as string);
    }
}

using Recorder.Contracts.Events;
using Recorder.Plugins.Sinks.Sqlite.Storage;

namespace Recorder.Plugins.Sinks.Sqlite.Queries;

/// <summary>
/// SQL that turns one partition's stored rows back into readable columns: string ids into text, ticks into
/// ISO 8601 UTC times, GUID bytes into GUID text, for the views <c>recorder query</c> runs SQL over.
/// </summary>
internal static class DecodeSql
{
    private const long UnixEpochTicks = 621355968000000000;

    /// <summary>ISO 8601 UTC with the full 100 ns precision, e.g. 2026-11-24T22:40:45.1234567Z.</summary>
    public static string Time(string ticks) =>
        $"(strftime('%Y-%m-%dT%H:%M:%S', ({ticks} - {UnixEpochTicks}) / 10000000, 'unixepoch') || printf('.%07dZ', ({ticks} - {UnixEpochTicks}) % 10000000))";

    public static string Guid(string blob) =>
        $"(CASE WHEN {blob} IS NULL THEN NULL ELSE lower(substr(hex({blob}),1,8)||'-'||substr(hex({blob}),9,4)||'-'||substr(hex({blob}),13,4)||'-'||substr(hex({blob}),17,4)||'-'||substr(hex({blob}),21)) END)";

    public static string Text(long partition, string id) => $"(SELECT s FROM {SqlNames.Strings(partition)} WHERE id = {id})";

    /// <summary>
    /// The decoded process columns of alias <paramref name="p"/>, as (view column, expression). Columns the
    /// partition's process table lacks (written before they existed) read as null.
    /// </summary>
    public static IEnumerable<(string Column, string Expression)> ProcessColumns(long partition, string p, IReadOnlySet<string> processTableColumns)
    {
        foreach (var c in Storage.ProcessColumns.All)
        {
            var source = $"{p}.{c.Name}";
            var expression = !processTableColumns.Contains(c.Name) ? "NULL" : c.Kind switch
            {
                ProcessColumnKind.Guid => Guid(source),
                ProcessColumnKind.Ticks => Time(source),
                ProcessColumnKind.String or ProcessColumnKind.StringList => Text(partition, source),
                _ => source,
            };
            yield return (SqlNames.FromDotted(c.Field), expression);
        }
    }

    /// <summary>
    /// A SELECT over one partition's table of <paramref name="type"/> with every column decoded, named as in
    /// the views (<c>event_time</c>, <c>process_pid</c>, <c>file_path</c>, ..., <c>tags</c>). <paramref name="where"/>
    /// filters on raw columns of <c>e</c>. (The query commands read raw rows instead: see <see cref="EventSearch"/>.)
    /// </summary>
    public static string Select(PartitionInfo partition, StoredType type, IReadOnlySet<string> tableColumns, IReadOnlySet<string> processTableColumns, string? where)
    {
        var n = partition.Number;
        var ticks = TimeKey.TicksSql("e.k", partition.BaseTicks);
        var columns = new List<string>();
        columns.Add($"{Time(ticks)} AS event_time");
        columns.Add("e.id AS event_id");
        columns.Add($"'{type.Type.Replace("'", "''", StringComparison.Ordinal)}' AS event_type");
        // Tables of the first layout keep collector/outcome/result/tags in columns of their own.
        var headerJoined = tableColumns.Contains(EventHeader.Column);
        string collector = $"{Text(n, "e.collector")}", outcome = "e.outcome", result = "e.result", tags = Text(n, "e.tags");
        if (headerJoined)
            (collector, outcome, result, tags) = ("json_extract(hd.s, '$.c')", "json_extract(hd.s, '$.o')", "json_extract(hd.s, '$.r')", "json_extract(hd.s, '$.t')");
        columns.Add($"{collector} AS event_collector");
        columns.Add($"(CASE {outcome} WHEN 1 THEN 'success' WHEN 2 THEN 'failure' ELSE 'unknown' END) AS event_outcome");
        columns.Add($"{result} AS event_result");
        foreach (var (column, expression) in ProcessColumns(n, "p", processTableColumns)) columns.Add($"{expression} AS {column}");
        foreach (var f in type.Fields)
        {
            var alias = SqlNames.Quote(f.Column);
            if (!tableColumns.Contains(f.Column)) { columns.Add($"NULL AS {alias}"); continue; }
            var source = "e." + SqlNames.Quote(f.Column);
            var expression = f.Type switch
            {
                FieldType.String or FieldType.IpAddress or FieldType.StringList => Text(n, source),
                FieldType.Timestamp => Time(source),
                FieldType.Guid => Guid(source),
                _ => source,
            };
            columns.Add($"{expression} AS {alias}");
        }
        columns.Add($"{tags} AS tags");
        var header = headerJoined ? $" LEFT JOIN {SqlNames.Strings(n)} hd ON hd.id = e.{EventHeader.Column}" : "";
        var sql = $"SELECT {string.Join(", ", columns)} FROM {SqlNames.Events(n, type.TableName)} e{header} LEFT JOIN {SqlNames.Processes(n)} p ON p.pk = e.proc";
        return where is null ? sql : sql + " WHERE " + where;
    }

    /// <summary>The view columns of a type, in order.</summary>
    public static IEnumerable<string> ViewColumns(StoredType type)
    {
        yield return "event_time"; yield return "event_id"; yield return "event_type"; yield return "event_collector";
        yield return "event_outcome"; yield return "event_result";
        foreach (var c in Storage.ProcessColumns.All) yield return SqlNames.FromDotted(c.Field);
        foreach (var f in type.Fields) yield return f.Column;
        yield return "tags";
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using Recorder.Contracts.Ecs;

namespace Recorder.Plugins.Sinks.Sqlite.Queries;

/// <summary>Output formats of the query commands.</summary>
public enum ResultFormat
{
    /// <summary>Aligned columns for people.</summary>
    Table,
    /// <summary>One JSON object per row: the whole event under the journal's dotted names (or the column names of an SQL answer).</summary>
    Jsonl,
    /// <summary>RFC 4180 CSV with a header row: every field any row has (or the columns of an SQL answer).</summary>
    Csv,
    /// <summary>One Elastic Common Schema document per row (whole-event answers only).</summary>
    Ecs,
}

/// <summary>Writes a <see cref="QueryResult"/> as a table, JSON lines, CSV or ECS documents.</summary>
public static class ResultWriter
{
    private const int MaxTableCell = 80;

    /// <summary>Parses <c>table</c>, <c>jsonl</c>, <c>csv</c> or <c>ecs</c>.</summary>
    public static bool TryParseFormat(string? text, out ResultFormat format)
    {
        switch (text?.ToLowerInvariant())
        {
            case null or "table": format = ResultFormat.Table; return true;
            case "jsonl" or "json": format = ResultFormat.Jsonl; return true;
            case "csv": format = ResultFormat.Csv; return true;
            case "ecs": format = ResultFormat.Ecs; return true;
            default: format = ResultFormat.Table; return false;
        }
    }

    /// <summary>
    /// Writes the result; returns the number of rows written. <paramref name="host"/> is the machine the events were
    /// recorded on, for the <c>host.*</c> of ECS documents (null leaves it out).
    /// </summary>
    public static long Write(QueryResult result, ResultFormat format, TextWriter output, EcsHostInfo? host = null) => format switch
    {
        ResultFormat.Ecs => WriteEcs(result, output, host),
        ResultFormat.Jsonl => WriteJsonl(result, output),
        ResultFormat.Csv => WriteCsv(result, output),
        _ => WriteTable(result, output),
    };

    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static long WriteJsonl(QueryResult result, TextWriter output)
    {
        if (result.Records is { } records) return WriteRecordsJsonl(records, output);
        long count = 0;
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        foreach (var row in result.Rows)
        {
            buffer.ResetWrittenCount();
            using (var json = new Utf8JsonWriter(buffer, JsonOptions))
            {
                json.WriteStartObject();
                for (var i = 0; i < result.Columns.Count; i++)
                {
                    json.WritePropertyName(result.Columns[i]);
                    switch (row[i])
                    {
                        case null: json.WriteNullValue(); break;
                        case long l: json.WriteNumberValue(l); break;
                        case int n: json.WriteNumberValue(n); break;
                        case double d when double.IsFinite(d): json.WriteNumberValue(d); break;
                        case byte[] b: json.WriteStringValue(Convert.ToHexString(b).ToLowerInvariant()); break;
                        case var other: json.WriteStringValue(Text(other)); break;
                    }
                }
                json.WriteEndObject();
            }
            output.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
            count++;
        }
        return count;
    }

    private static long WriteEcs(QueryResult result, TextWriter output, EcsHostInfo? host)
    {
        var records = result.Records ?? throw new ArgumentException("--format ecs writes whole events; this answer has only columns (use jsonl or csv)");
        var events = new RecordAsEvent();
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using var json = new Utf8JsonWriter(buffer, EcsDocument.WriterOptions);
        foreach (var record in records)
        {
            buffer.ResetWrittenCount();
            json.Reset(buffer);
            EcsDocument.Write(json, events.ToEvent(record), host);
            json.Flush();
            output.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
        }
        return records.Count;
    }

    private static long WriteRecordsJsonl(IReadOnlyList<EventRecord> records, TextWriter output)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        foreach (var record in records)
        {
            buffer.ResetWrittenCount();
            using (var json = new Utf8JsonWriter(buffer, JsonOptions))
            {
                json.WriteStartObject();
                foreach (var (name, value) in record)
                {
                    json.WritePropertyName(name);
                    WriteJsonValue(json, value);
                }
                json.WriteEndObject();
            }
            output.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
        }
        return records.Count;
    }

    private static void WriteJsonValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null: json.WriteNullValue(); break;
            case long l: json.WriteNumberValue(l); break;
            case int n: json.WriteNumberValue(n); break;
            case bool b: json.WriteBooleanValue(b); break;
            case double d when double.IsFinite(d): json.WriteNumberValue(d); break;
            case byte[] bytes: json.WriteStringValue(Convert.ToHexString(bytes).ToLowerInvariant()); break;
            case IReadOnlyDictionary<string, string> map:
                json.WriteStartObject();
                foreach (var (key, text) in map) json.WriteString(key, text);
                json.WriteEndObject();
                break;
            case IEnumerable<string?> items:
                json.WriteStartArray();
                foreach (var item in items) WriteJsonValue(json, item);
                json.WriteEndArray();
                break;
            case var other: json.WriteStringValue(Text(other)); break;
        }
    }

    /// <summary>A header of every field any record has (in first-seen order), then one line per record; lists and tags as JSON text.</summary>
    private static long WriteRecordsCsv(IReadOnlyList<EventRecord> records, TextWriter output)
    {
        var columns = new List<string>();
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in records)
            foreach (var (name, _) in record)
                if (known.Add(name)) columns.Add(name);
        output.WriteLine(string.Join(",", columns.Select(CsvCell)));
        foreach (var record in records)
        {
            var values = record.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
            output.WriteLine(string.Join(",", columns.Select(c => values.TryGetValue(c, out var v) ? CsvCell(CsvText(v)) : "")));
        }
        return records.Count;
    }

    private static string CsvText(object? value)
    {
        if (value is IReadOnlyDictionary<string, string> or IEnumerable<string?> && value is not string)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
            using (var json = new Utf8JsonWriter(buffer, JsonOptions)) WriteJsonValue(json, value);
            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
        return value is bool b ? (b ? "true" : "false") : Text(value);
    }

    private static long WriteCsv(QueryResult result, TextWriter output)
    {
        if (result.Records is { } records) return WriteRecordsCsv(records, output);
        output.WriteLine(string.Join(",", result.Columns.Select(CsvCell)));
        long count = 0;
        foreach (var row in result.Rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                if (i > 0) output.Write(',');
                if (row[i] is not null) output.Write(CsvCell(Text(row[i])));
            }
            output.WriteLine();
            count++;
        }
        return count;
    }

    private static long WriteTable(QueryResult result, TextWriter output)
    {
        var rows = result.Rows.Select(r => r.Select(v => Clip(v is null ? "" : Text(v))).ToArray()).ToList();
        var widths = result.Columns.Select(c => c.Length).ToArray();
        foreach (var row in rows)
            for (var i = 0; i < row.Length; i++) widths[i] = Math.Max(widths[i], row[i].Length);
        output.WriteLine(string.Join("  ", result.Columns.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        output.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in rows) output.WriteLine(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        output.WriteLine($"({rows.Count} row{(rows.Count == 1 ? "" : "s")})");
        return rows.Count;
    }

    private static string Clip(string text)
    {
        text = ByteEscapes.Show(text).Replace('\n', ' ').Replace('\r', ' ').Replace('\t', ' ');
        return text.Length <= MaxTableCell ? text : text[..(MaxTableCell - 1)] + "…";
    }

    private static string CsvCell(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;

    private static string Text(object? value) => value switch
    {
        null => "",
        byte[] b => Convert.ToHexString(b).ToLowerInvariant(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

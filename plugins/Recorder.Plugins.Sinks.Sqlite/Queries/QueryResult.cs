namespace Recorder.Plugins.Sinks.Sqlite.Queries;

/// <summary>
/// Rows returned by a query: column names and values (null, long, double, string or byte[]) for a table, and for
/// answers about events or processes the whole of each row as an <see cref="EventRecord"/> (what JSON lines and CSV carry).
/// </summary>
public sealed class QueryResult
{
    /// <summary>Creates a result.</summary>
    public QueryResult(IReadOnlyList<string> columns, IEnumerable<object?[]> rows, string? note = null, IReadOnlyList<EventRecord>? records = null)
    {
        Columns = columns;
        Rows = rows;
        Note = note;
        Records = records;
    }

    /// <summary>The whole of each row (same order as <see cref="Rows"/>), or null when the rows are all there is (SQL answers).</summary>
    public IReadOnlyList<EventRecord>? Records { get; }

    /// <summary>Column names, in order.</summary>
    public IReadOnlyList<string> Columns { get; }
    /// <summary>The rows; may be read once only (it can stream from the database).</summary>
    public IEnumerable<object?[]> Rows { get; }
    /// <summary>Something to tell the reader besides the rows (an ambiguous PID, a truncated result).</summary>
    public string? Note { get; }

    /// <summary>Reads every row into memory (for tests and for the table format).</summary>
    public List<object?[]> ToList() => Rows.ToList();
}

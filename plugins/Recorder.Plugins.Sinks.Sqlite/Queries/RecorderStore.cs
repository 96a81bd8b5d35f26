using System.Text;
using Microsoft.Data.Sqlite;
using Recorder.Plugins.Sinks.Sqlite.Storage;

namespace Recorder.Plugins.Sinks.Sqlite.Queries;

/// <summary>
/// A store opened read-only for investigation, usable without the host. <see cref="Query"/> runs SQL over one
/// view per event type (<c>file_write</c>, <c>process_start</c>, ...), an <c>events</c> view with the common
/// columns of every type and a <c>processes</c> view, whatever the partitioning underneath.
/// </summary>
public sealed class RecorderStore : IDisposable
{
    private readonly Dictionary<string, HashSet<string>> _columnsOfTable = new(StringComparer.Ordinal);
    private bool _viewsCreated;

    private RecorderStore(string path, SqliteConnection connection)
    {
        Path = path;
        Connection = connection;
        Partitions = StoreCatalog.LoadPartitions(connection);
        Types = StoreCatalog.LoadTypes(connection);
        (Tables, _indexes) = TablesAndIndexes(connection);
    }

    /// <summary>The database file.</summary>
    public string Path { get; }
    /// <summary>The read-only connection.</summary>
    public SqliteConnection Connection { get; }
    /// <summary>Partitions, oldest first.</summary>
    public IReadOnlyList<PartitionInfo> Partitions { get; }
    /// <summary>Stored event types by name.</summary>
    public IReadOnlyDictionary<string, StoredType> Types { get; }
    internal HashSet<string> Tables { get; }
    private readonly HashSet<string> _indexes;

    /// <summary>
    /// Whether <paramref name="column"/> of <paramref name="table"/> (a path or address column, which the sink indexes)
    /// can hold a value in <paramref name="partition"/>. A partition indexed by this version has an index for every such
    /// column that holds a value (<see cref="PartitionIndexes"/>); the partition being written has none yet, and one
    /// indexed by an earlier version may lack the index of a column added later: those may hold anything.
    /// </summary>
    internal bool MayHoldValues(long partition, string table, string column) =>
        _indexes.Contains(StoreIndexPolicy.IndexName(table, column)) || !_indexes.Contains(PartitionIndexes.Marker(partition));

    private static (HashSet<string> Tables, HashSet<string> Indexes) TablesAndIndexes(SqliteConnection connection)
    {
        var tables = new HashSet<string>(StringComparer.Ordinal);
        var indexes = new HashSet<string>(StringComparer.Ordinal);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'index')";
        using var reader = command.ExecuteReader();
        while (reader.Read()) (reader.GetString(0) == "table" ? tables : indexes).Add(reader.GetString(1));
        return (tables, indexes);
    }

    /// <summary>Opens the store at <paramref name="path"/> read-only; throws <see cref="FileNotFoundException"/> when there is none.</summary>
    public static RecorderStore Open(string path)
    {
        // A read-only connection to a WAL database the recorder is writing can meet SQLITE_READONLY for a moment (the
        // shared-memory index being created or recovered by the writer): a question asked then is asked again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return OpenOnce(path);
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == 8 /* READONLY */ && attempt < 40)
            {
                Thread.Sleep(50);
            }
        }
    }

    private static RecorderStore OpenOnce(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full)) throw new FileNotFoundException($"No Recorder database at {full} (use --db or --data-dir).", full);
        SqliteUnloadHygiene.Register();
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "PRAGMA busy_timeout = 5000";
                command.ExecuteNonQuery();
                command.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'partitions'";
                if (Convert.ToInt64(command.ExecuteScalar()) == 0)
                    throw new InvalidDataException($"{full} is not a Recorder database (no partitions table).");
            }
            StoreCatalog.CheckFormat(connection, full);
            return new RecorderStore(full, connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Runs read-only SQL over the views. Writes of any kind are refused by SQLite.</summary>
    public QueryResult Query(string sql)
    {
        EnsureViews();
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        SqliteDataReader reader;
        try
        {
            reader = command.ExecuteReader();
        }
        catch
        {
            command.Dispose();
            throw;
        }
        var columns = new string[reader.FieldCount];
        for (var i = 0; i < columns.Length; i++) columns[i] = reader.GetName(i);
        return new QueryResult(columns, ReadAll(command, reader));
    }

    /// <summary>Creates the temporary views <see cref="Query"/> reads (once per connection).</summary>
    public void EnsureViews()
    {
        if (_viewsCreated) return;
        var eventsParts = new List<string>();
        // The events view: the columns every type shares (header, process context, tags).
        var common = DecodeSql.ViewColumns(new StoredType("", "", "", [])).ToList();
        foreach (var type in Types.Values.OrderBy(t => t.Type, StringComparer.Ordinal))
        {
            var parts = new List<string>();
            foreach (var partition in Partitions)
            {
                var table = SqlNames.Events(partition.Number, type.TableName);
                if (!Tables.Contains(table)) continue;
                parts.Add(DecodeSql.Select(partition, type, ColumnsOf(table), ColumnsOf(SqlNames.Processes(partition.Number)), where: null));
            }
            var viewColumns = DecodeSql.ViewColumns(type).ToList();
            var body = parts.Count > 0
                ? string.Join("\nUNION ALL\n", parts)
                : "SELECT " + string.Join(", ", viewColumns.Select(c => "NULL AS " + SqlNames.Quote(c))) + " WHERE 0";
            Execute($"CREATE TEMP VIEW {SqlNames.Quote(type.TableName)} AS {body}");
            eventsParts.Add("SELECT " + string.Join(", ", common) + " FROM " + SqlNames.Quote(type.TableName));
        }
        Execute("CREATE TEMP VIEW events AS " + (eventsParts.Count > 0
            ? string.Join("\nUNION ALL\n", eventsParts)
            : "SELECT " + string.Join(", ", common.Select(c => "NULL AS " + c)) + " WHERE 0"));

        var processParts = Partitions.Where(p => Tables.Contains(SqlNames.Processes(p.Number))).Select(p =>
            "SELECT " + string.Join(", ", DecodeSql.ProcessColumns(p.Number, "p", ColumnsOf(SqlNames.Processes(p.Number))).Select(c => $"{c.Expression} AS {c.Column}")) +
            $" FROM {SqlNames.Processes(p.Number)} p").ToList();
        Execute("CREATE TEMP VIEW processes AS " + (processParts.Count > 0
            ? string.Join("\nUNION ALL\n", processParts)
            : "SELECT " + string.Join(", ", ProcessColumns.All.Select(c => "NULL AS " + SqlNames.FromDotted(c.Field))) + " WHERE 0"));
        // From here on nothing may change, not even temporary objects.
        Execute("PRAGMA query_only = 1");
        _viewsCreated = true;
    }

    /// <summary>
    /// The columns of <paramref name="table"/>. Read from the <c>CREATE TABLE</c> text of every table, loaded once with
    /// one statement on first use (a question that visits many partitions would otherwise ask SQLite table by table);
    /// a text that does not read as the sink writes it is asked about with <c>pragma_table_info</c>.
    /// </summary>
    internal IReadOnlySet<string> ColumnsOf(string table)
    {
        if (_columnsOfTable.TryGetValue(table, out var columns)) return columns;
        _createSql ??= LoadCreateSql();
        columns = _createSql.TryGetValue(table, out var sql) && TableColumns.FromCreateSql(sql) is { } parsed ? parsed : StoreCatalog.ColumnNames(Connection, table);
        _columnsOfTable[table] = columns;
        return columns;
    }

    private Dictionary<string, string>? _createSql;

    private Dictionary<string, string> LoadCreateSql()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        using var command = Connection.CreateCommand();
        command.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL";
        using var reader = command.ExecuteReader();
        while (reader.Read()) result[reader.GetString(0)] = reader.GetString(1);
        return result;
    }

    private void Execute(string sql)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static IEnumerable<object?[]> ReadAll(SqliteCommand command, SqliteDataReader reader)
    {
        using (command)
        using (reader)
        {
            while (reader.Read())
            {
                var row = new object?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                yield return row;
            }
        }
    }

    /// <summary>Describes the views, for <c>recorder query --schema</c>-like help.</summary>
    public string DescribeViews()
    {
        var text = new StringBuilder();
        foreach (var type in Types.Values.OrderBy(t => t.Type, StringComparer.Ordinal))
            text.Append(type.TableName).Append(" (").Append(type.Type).Append("): ").AppendJoin(", ", type.Fields.Select(f => f.Column)).AppendLine();
        return text.ToString();
    }

    /// <inheritdoc />
    public void Dispose() => Connection.Dispose();
}

using Microsoft.Data.Sqlite;
using Recorder.Contracts.Events;

namespace Recorder.Plugins.Sinks.Sqlite.Storage;

/// <summary>One partition: a set of tables holding a stretch of time, dropped whole by retention.</summary>
/// <param name="WrittenTicks">
/// When the partition was last written to (wall clock), null in stores from before it was kept. Age retention counts
/// from the later of this and <paramref name="MaxTicks"/>: replayed or imported history of the past is kept for
/// max_age_days from its import, not dropped at once for the age of its events.
/// </param>
public sealed record PartitionInfo(long Number, long BaseTicks, long? MinTicks, long? MaxTicks, long Events, long Bytes, long? WrittenTicks = null)
{
    /// <summary>The time age retention measures: the newest event, or the last write if that is later.</summary>
    public long? RetentionTicks => MaxTicks is { } max ? Math.Max(max, WrittenTicks ?? long.MinValue) : WrittenTicks;
}

/// <summary>
/// The store's own small tables: its format version, the list of partitions and the catalog of event types
/// (type → table, field → column). Readers build their views from it; the writer extends it the first time it
/// sees a type or a field, so types declared by plugins are stored like built-in ones.
/// </summary>
public static class StoreCatalog
{
    /// <summary>Version of the on-disk layout.</summary>
    public const string FormatVersion = "1";

    /// <summary>
    /// The header columns of every event table: time key, event id, process row, and <c>hdr</c>, the string id of
    /// the event's collector, outcome, result code and tags as one small JSON object (<see cref="EventHeader"/>).
    /// </summary>
    internal static readonly string[] EventTableColumns = ["k", "id", "proc", EventHeader.Column];

    // Header columns of tables written by the first layout; field columns never take these names.
    private static readonly string[] ReservedColumns = [.. EventTableColumns, "outcome", "result", "collector", "tags"];

    internal const string CreateSql = """
        CREATE TABLE IF NOT EXISTS store_info(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT OR IGNORE INTO store_info(key, value) VALUES ('format', '1');
        CREATE TABLE IF NOT EXISTS partitions(n INTEGER PRIMARY KEY, base_ticks INTEGER NOT NULL, min_ticks INTEGER, max_ticks INTEGER,
            events INTEGER NOT NULL DEFAULT 0, bytes INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS event_types(type TEXT PRIMARY KEY, table_name TEXT NOT NULL UNIQUE, description TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS event_fields(type TEXT NOT NULL, ordinal INTEGER NOT NULL, field TEXT NOT NULL, column_name TEXT NOT NULL,
            field_type TEXT NOT NULL, description TEXT NOT NULL, PRIMARY KEY(type, field));
        """;

    /// <summary>
    /// Refuses a store written by a newer version of the sink (a package downgrade): its layout may hold what this
    /// version would misread or damage, so neither the writer nor a question opens it. The message says what to do.
    /// A store without the row (created before it existed) is format 1.
    /// </summary>
    /// <exception cref="InvalidDataException">The store's format is newer than <see cref="FormatVersion"/>.</exception>
    public static void CheckFormat(SqliteConnection connection, string path)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM store_info WHERE key = 'format'";
        string? stored;
        try { stored = command.ExecuteScalar() as string; }
        catch (SqliteException) { stored = null; } // no store_info table: a new file, or the first layout
        if (stored is null) return;
        if (!int.TryParse(stored, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var format) || format > int.Parse(FormatVersion, System.Globalization.CultureInfo.InvariantCulture))
            throw new InvalidDataException(
                $"{path}: store format {stored} was written by a newer recorder; this version reads format {FormatVersion} at most. " +
                "Install the newer recorder again, or move the store aside (the recorder then starts a new one; the moved file keeps the history for the newer version).");
    }

    /// <summary>Reads every partition, oldest first.</summary>
    public static List<PartitionInfo> LoadPartitions(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        var written = HasColumn(connection, "partitions", "written_ticks") ? "written_ticks" : "NULL";
        command.CommandText = $"SELECT n, base_ticks, min_ticks, max_ticks, events, bytes, {written} FROM partitions ORDER BY n";
        using var reader = command.ExecuteReader();
        var list = new List<PartitionInfo>();
        while (reader.Read())
            list.Add(new PartitionInfo(reader.GetInt64(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetInt64(2),
                reader.IsDBNull(3) ? null : reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.IsDBNull(6) ? null : reader.GetInt64(6)));
        return list;
    }

    /// <summary>Adds the columns later versions keep to a store written by an earlier one (the writer only).</summary>
    public static void Upgrade(SqliteConnection connection)
    {
        if (!HasColumn(connection, "partitions", "written_ticks"))
            Execute(connection, "ALTER TABLE partitions ADD COLUMN written_ticks INTEGER");
    }

    private static bool HasColumn(SqliteConnection connection, string table, string column)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT 1 FROM pragma_table_info('{table}') WHERE name = $c";
        command.Parameters.AddWithValue("$c", column);
        return command.ExecuteScalar() is not null;
    }

    /// <summary>Reads the catalog of stored event types.</summary>
    public static Dictionary<string, StoredType> LoadTypes(SqliteConnection connection)
    {
        var types = new Dictionary<string, StoredType>(StringComparer.Ordinal);
        var fields = new Dictionary<string, List<StoredField>>(StringComparer.Ordinal);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT type, field, column_name, field_type, description FROM event_fields ORDER BY type, ordinal";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                if (!fields.TryGetValue(reader.GetString(0), out var list)) fields[reader.GetString(0)] = list = new List<StoredField>();
                var fieldType = Enum.TryParse<FieldType>(reader.GetString(3), out var t) ? t : FieldType.String;
                list.Add(new StoredField(reader.GetString(1), reader.GetString(2), fieldType, reader.GetString(4)));
            }
        }
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT type, table_name, description FROM event_types";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var type = reader.GetString(0);
                types[type] = new StoredType(type, reader.GetString(1), reader.GetString(2),
                    fields.TryGetValue(type, out var list) ? list : new List<StoredField>());
            }
        }
        return types;
    }

    /// <summary>
    /// The stored form of <paramref name="schema"/>, adding the type and any new field to the catalog.
    /// Must run inside the writer's transaction.
    /// </summary>
    internal static StoredType Register(SqliteConnection connection, EventSchema schema, StoredType? known, IReadOnlyCollection<string> usedTableNames)
    {
        var fields = known is null ? new List<StoredField>() : new List<StoredField>(known.Fields);
        var tableName = known?.TableName;
        if (tableName is null)
        {
            tableName = Unique(SqlNames.FromDotted(schema.Name), name => usedTableNames.Contains(name));
            Execute(connection, "INSERT INTO event_types(type, table_name, description) VALUES ($t, $n, $d)",
                ("$t", schema.Name), ("$n", tableName), ("$d", schema.Description));
        }

        foreach (var field in schema.Fields)
        {
            var existing = fields.Find(f => f.Field == field.Name);
            if (existing is not null) continue;
            var column = Unique(SqlNames.FromDotted(field.Name), name =>
                Array.IndexOf(ReservedColumns, name) >= 0 || SqlNames.CommonColumns.Contains(name) || fields.Exists(f => f.Column == name));
            var stored = new StoredField(field.Name, column, field.Type, field.Description);
            Execute(connection, "INSERT INTO event_fields(type, ordinal, field, column_name, field_type, description) VALUES ($t, $o, $f, $c, $ft, $d)",
                ("$t", schema.Name), ("$o", fields.Count), ("$f", field.Name), ("$c", column), ("$ft", field.Type.ToString()), ("$d", field.Description));
            fields.Add(stored);
        }
        return new StoredType(schema.Name, tableName, schema.Description, fields);
    }

    private static string Unique(string name, Func<string, bool> taken)
    {
        if (!taken(name)) return name;
        for (var i = 2; ; i++)
            if (!taken($"{name}_{i}")) return $"{name}_{i}";
    }

    internal static void Execute(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        command.ExecuteNonQuery();
    }

    /// <summary>The column names of <paramref name="table"/> (empty when there is no such table).</summary>
    internal static HashSet<string> ColumnNames(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM pragma_table_info($t)";
        command.Parameters.AddWithValue("$t", table);
        using var reader = command.ExecuteReader();
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read()) names.Add(reader.GetString(0));
        return names;
    }

    internal static HashSet<string> TableNames(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
        using var reader = command.ExecuteReader();
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read()) names.Add(reader.GetString(0));
        return names;
    }
}

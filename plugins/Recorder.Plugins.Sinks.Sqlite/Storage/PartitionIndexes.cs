using Microsoft.Data.Sqlite;

namespace Recorder.Plugins.Sinks.Sqlite.Storage;

/// <summary>
/// Builds a partition's secondary indexes (string hashes, process GUID/parent/PID, paths, remote endpoints) when
/// the writer leaves it, instead of maintaining them row by row. While a partition is written its b-trees only
/// grow at their right edge, so a commit rewrites a few pages instead of one page per scattered index insert;
/// each index is then built once from sorted keys, packed full. The partition being written is searched
/// without these indexes (it is at most one partition's worth of rows).
/// <para>
/// A path or address index is built only for a column that holds a value in the partition (rename targets and
/// Unix socket paths are nearly always empty): every index is part of the schema SQLite parses each time a store
/// is opened. The string-hash index is built last and marks the partition as indexed (<see cref="IsIndexed"/>).
/// Its name says which rule built the partition: <c>p{n}_str_hash</c> (<see cref="Marker"/>) here, where a missing
/// path or address index means the column is empty and queries skip it; <c>p{n}_str_h</c> from earlier versions,
/// which indexed every column a table had when it was made (a column a later type version added has no index there,
/// so queries of such partitions search every column, as before).
/// Statements use <c>IF NOT EXISTS</c>: building is idempotent, so a build cut short by a crash (before the marker)
/// is completed the next time the store is opened.
/// </para>
/// </summary>
internal static class PartitionIndexes
{
    /// <summary>The string-hash index, whose presence says a partition's indexes are complete and exist only where a column holds a value.</summary>
    public static string Marker(long partition) => SqlNames.Strings(partition) + "_hash";

    /// <summary>The string-hash index as earlier versions named it: the partition's indexes are complete, one per column.</summary>
    public static string EarlierMarker(long partition) => SqlNames.Strings(partition) + "_h";

    /// <summary>
    /// Creates the missing secondary indexes of partition <paramref name="partition"/>: path and address indexes
    /// only for columns that hold a value, unless <paramref name="everyColumn"/> (a partition written to again, whose
    /// empty columns may fill up).
    /// </summary>
    public static void Build(SqliteConnection connection, long partition, IEnumerable<StoredType> types, bool everyColumn = false)
    {
        var tables = StoreCatalog.TableNames(connection);
        var processes = SqlNames.Processes(partition);
        if (tables.Contains(processes))
            foreach (var sql in ProcessColumns.IndexSql(processes)) StoreCatalog.Execute(connection, sql);
        foreach (var type in types)
        {
            var table = SqlNames.Events(partition, type.TableName);
            if (!tables.Contains(table)) continue;
            // Only fields this partition's table has (a type may have gained fields after the table was made).
            var columns = StoreCatalog.ColumnNames(connection, table);
            var present = type with { Fields = type.Fields.Where(f => columns.Contains(f.Column)).ToList() };
            foreach (var (column, sql) in StoreIndexPolicy.IndexStatements(table, present))
                if (everyColumn || HoldsAValue(connection, table, column)) StoreCatalog.Execute(connection, sql);
        }
        // A partition indexed by an earlier version keeps its name for the index (and is read as such).
        var strings = SqlNames.Strings(partition);
        if (tables.Contains(strings) && !IndexExists(connection, EarlierMarker(partition)))
            StoreCatalog.Execute(connection, $"CREATE INDEX IF NOT EXISTS {Marker(partition)} ON {strings}(h)");
    }

    /// <summary>Whether the partition's indexes have been built (the partition is no longer the one being written).</summary>
    public static bool IsIndexed(SqliteConnection connection, long partition) =>
        IndexExists(connection, Marker(partition)) || IndexExists(connection, EarlierMarker(partition));

    private static bool IndexExists(SqliteConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = $n";
        command.Parameters.AddWithValue("$n", name);
        return Convert.ToInt64(command.ExecuteScalar()) > 0;
    }

    // Stops at the first value; an empty column costs one scan of the table, as building its index would.
    private static bool HoldsAValue(SqliteConnection connection, string table, string column)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT EXISTS (SELECT 1 FROM {table} WHERE {SqlNames.Quote(column)} IS NOT NULL)";
        return Convert.ToInt64(command.ExecuteScalar()) != 0;
    }
}

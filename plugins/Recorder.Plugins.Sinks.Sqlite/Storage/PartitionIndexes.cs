using Microsoft.Data.Sqlite;

namespace Recorder.Plugins.Sinks.Sqlite.Storage;

/// <summary>
/// Builds a partition's secondary indexes (string hashes, process GUID/parent/PID, paths, remote endpoints) when
/// the writer leaves it, instead of maintaining them row by row. While a partition is written its b-trees only
/// grow at their right edge, so a commit rewrites a few pages instead of one page per scattered index insert;
/// each index is then built once from sorted keys, packed full. The partition being written is searched
/// without these indexes (it is at most one partition's worth of rows). Statements use <c>IF NOT EXISTS</c>:
/// building is idempotent, so a build cut short by a crash is completed the next time the store is opened.
/// </summary>
internal static class PartitionIndexes
{
    /// <summary>Creates every missing secondary index of partition <paramref name="partition"/>.</summary>
    public static void Build(SqliteConnection connection, long partition, IEnumerable<StoredType> types)
    {
        var tables = StoreCatalog.TableNames(connection);
        var strings = SqlNames.Strings(partition);
        if (tables.Contains(strings)) StoreCatalog.Execute(connection, $"CREATE INDEX IF NOT EXISTS {strings}_h ON {strings}(h)");
        var processes = SqlNames.Processes(partition);
        if (tables.Contains(processes))
            foreach (var sql in ProcessColumns.IndexSql(processes)) StoreCatalog.Execute(connection, sql);
        foreach (var type in types)
        {
            var table = SqlNames.Events(partition, type.TableName);
            if (!tables.Contains(table)) continue;
            // Only fields this partition's table has (a type may have gained fields after the table was made).
            var columns = ColumnsOf(connection, table);
            var present = type with { Fields = type.Fields.Where(f => columns.Contains(f.Column)).ToList() };
            foreach (var sql in StoreIndexPolicy.IndexStatements(table, present)) StoreCatalog.Execute(connection, sql);
        }
    }

    private static HashSet<string> ColumnsOf(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM pragma_table_info($t)";
        command.Parameters.AddWithValue("$t", table);
        using var reader = command.ExecuteReader();
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read()) names.Add(reader.GetString(0));
        return names;
    }
}

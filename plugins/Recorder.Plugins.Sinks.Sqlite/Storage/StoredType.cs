using Recorder.Contracts.Events;

namespace Recorder.Plugins.Sinks.Sqlite.Storage;

/// <summary>How one event type is stored: its table suffix and one column per schema field.</summary>
public sealed record StoredType(string Type, string TableName, string Description, IReadOnlyList<StoredField> Fields)
{
    /// <summary>Finds a field by dotted name.</summary>
    public StoredField? Find(string field)
    {
        foreach (var f in Fields) if (f.Field == field) return f;
        return null;
    }
}

/// <summary>One stored field: dotted name, column name, value type.</summary>
public sealed record StoredField(string Field, string Column, FieldType Type, string Description)
{
    /// <summary>Strings, addresses and lists of texts (as JSON arrays) are stored as ids into the partition's string table.</summary>
    public bool IsInterned => Type is FieldType.String or FieldType.IpAddress or FieldType.StringList;
}

/// <summary>
/// Which fields get an index (the row key is the time index): paths (who touched file X) and remote endpoints (who talked to Y). Indexes are
/// partial (<c>WHERE col IS NOT NULL</c>) so events that leave the field empty cost nothing.
/// </summary>
internal static class StoreIndexPolicy
{
    public static bool IsPathField(StoredField f) =>
        f.IsInterned && (f.Field.EndsWith(".path", StringComparison.Ordinal) || f.Field.EndsWith("_path", StringComparison.Ordinal));

    public static bool IsRemoteAddressField(StoredField f) =>
        f.IsInterned && f.Field.EndsWith(".remote_address", StringComparison.Ordinal);

    /// <summary>The port field that pairs with a remote address field, if the type has one.</summary>
    public static StoredField? PortFor(StoredType type, StoredField address) =>
        type.Find(address.Field[..^"address".Length] + "port");

    /// <summary>The index of <paramref name="column"/> in <paramref name="table"/>, if the policy gives it one.</summary>
    public static string IndexName(string table, string column) => $"{table}_{column}";

    /// <summary>
    /// The indexed column and its <c>CREATE INDEX</c> statement for one partition's table of <paramref name="type"/>
    /// (built by <see cref="PartitionIndexes"/>).
    /// </summary>
    public static IEnumerable<(string Column, string Sql)> IndexStatements(string table, StoredType type)
    {
        // No index on proc: events of one process are found through the key range its process row records
        // (first_k..last_k), which saves ~16 B per event and one scattered b-tree insert per event.
        foreach (var f in type.Fields)
        {
            if (IsRemoteAddressField(f))
            {
                var port = PortFor(type, f);
                var columns = port is null ? SqlNames.Quote(f.Column) : $"{SqlNames.Quote(f.Column)}, {SqlNames.Quote(port.Column)}";
                yield return (f.Column, $"CREATE INDEX IF NOT EXISTS {IndexName(table, f.Column)} ON {table}({columns}) WHERE {SqlNames.Quote(f.Column)} IS NOT NULL");
            }
            else if (IsPathField(f))
            {
                yield return (f.Column, $"CREATE INDEX IF NOT EXISTS {IndexName(table, f.Column)} ON {table}({SqlNames.Quote(f.Column)}) WHERE {SqlNames.Quote(f.Column)} IS NOT NULL");
            }
        }
    }
}

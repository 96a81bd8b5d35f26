using Recorder.Contracts.Events;

namespace Recorder.Plugins.Sinks.Sqlite.Storage;

/// <summary>How a process column is stored in a partition's process table.</summary>
public enum ProcessColumnKind
{
    /// <summary>16 bytes, big-endian, so <c>hex()</c> reads as the usual GUID text.</summary>
    Guid,
    /// <summary>An integer.</summary>
    Int64,
    /// <summary>A UTC time in .NET ticks.</summary>
    Ticks,
    /// <summary>An id into the partition's string table.</summary>
    String,
    /// <summary>A list of texts (<c>process.args</c>): the id of its JSON array text in the string table.</summary>
    StringList,
}

/// <summary>
/// The process context (<c>process.*</c> common fields) is stored once per process per partition in
/// <c>p{n}_proc</c>; events point at it with <c>proc</c>. This list is the one place that maps the contract's
/// process fields to columns.
/// </summary>
public static class ProcessColumns
{
    /// <summary>One column: its name in the process table, the common field it holds, how it is stored.</summary>
    public sealed record Column(string Name, string Field, ProcessColumnKind Kind);

    /// <summary>Every process column in table order (the row key <c>pk</c> comes first and is not listed).</summary>
    public static IReadOnlyList<Column> All { get; } =
    [
        new("guid", "process.guid", ProcessColumnKind.Guid),
        new("pid", "process.pid", ProcessColumnKind.Int64),
        new("start_time", "process.start_time", ProcessColumnKind.Ticks),
        new("path", "process.path", ProcessColumnKind.String),
        new("cmd", "process.cmd", ProcessColumnKind.String),
        new("cwd", "process.cwd", ProcessColumnKind.String),
        new("hash", "process.hash", ProcessColumnKind.String),
        new("hash_error", "process.hash_error", ProcessColumnKind.String),
        new("uid", "process.uid", ProcessColumnKind.Int64),
        new("user_name", "process.user_name", ProcessColumnKind.String),
        new("euid", "process.euid", ProcessColumnKind.Int64),
        new("effective_user_name", "process.effective_user_name", ProcessColumnKind.String),
        new("gid", "process.gid", ProcessColumnKind.Int64),
        new("user_group", "process.user_group", ProcessColumnKind.String),
        new("login_uid", "process.login_uid", ProcessColumnKind.Int64),
        new("login_user_name", "process.login_user_name", ProcessColumnKind.String),
        new("session", "process.session", ProcessColumnKind.Int64),
        new("tty", "process.tty", ProcessColumnKind.String),
        new("parent_guid", "process.parent_guid", ProcessColumnKind.Guid),
        new("parent_pid", "process.parent_pid", ProcessColumnKind.Int64),
        new("parent_path", "process.parent_path", ProcessColumnKind.String),
        new("parent_cmd", "process.parent_cmd", ProcessColumnKind.String),
        // Ancestry is multi-valued: a JSON array of texts, interned like any string.
        new("ancestry_path", "process.ancestry_path", ProcessColumnKind.String),
        new("ancestry_cmd", "process.ancestry_cmd", ProcessColumnKind.String),
        new("ancestry_user_name", "process.ancestry_user_name", ProcessColumnKind.String),
        // Not common fields, but kept so a tree can name ancestors that left no events of their own.
        new("ancestry_guid", "process.ancestry_guid", ProcessColumnKind.String),
        new("ancestry_pid", "process.ancestry_pid", ProcessColumnKind.String),
        // Added with contracts 2.0; partitions written before get them when continued, and read them as null.
        new("args", "process.args", ProcessColumnKind.StringList),
        new("user_sid", "process.user_sid", ProcessColumnKind.String),
        new("user_domain", "process.user_domain", ProcessColumnKind.String),
        new("logon_id", "process.logon_id", ProcessColumnKind.Int64),
        new("terminal_session", "process.terminal_session", ProcessColumnKind.Int64),
        new("integrity_level", "process.integrity_level", ProcessColumnKind.String),
        new("pid_version", "process.pid_version", ProcessColumnKind.Int64),
        new("container_id", "process.container_id", ProcessColumnKind.String),
    ];

    /// <summary>The SQL type of a column.</summary>
    internal static string SqlType(Column column) => column.Kind == ProcessColumnKind.Guid ? "BLOB" : "INTEGER";

    /// <summary>
    /// Adds the columns a process table written by an older version lacks, so this version can keep writing the
    /// partition. Returns how many were added.
    /// </summary>
    internal static int AddMissingColumns(Microsoft.Data.Sqlite.SqliteConnection connection, string table)
    {
        var existing = StoreCatalog.ColumnNames(connection, table);
        var added = 0;
        foreach (var c in All)
        {
            if (existing.Contains(c.Name)) continue;
            StoreCatalog.Execute(connection, $"ALTER TABLE {table} ADD COLUMN {c.Name} {SqlType(c)}");
            added++;
        }
        return added;
    }

    internal static string CreateTableSql(string table)
    {
        var columns = string.Join(", ", All.Select(c => c.Name + " " + SqlType(c)));
        // first_k/last_k: the lowest and highest event row key written with this row, so the events of a
        // process are a key range of each event table (no index on proc needed).
        return $"CREATE TABLE {table}(pk INTEGER PRIMARY KEY, {columns}, {FirstKeyColumn} INTEGER, {LastKeyColumn} INTEGER)";
    }

    /// <summary>The row key of the first event written with a process row.</summary>
    internal const string FirstKeyColumn = "first_k";
    /// <summary>The row key of the last event written with a process row.</summary>
    internal const string LastKeyColumn = "last_k";

    internal static IEnumerable<string> IndexSql(string table)
    {
        yield return $"CREATE INDEX IF NOT EXISTS {table}_guid ON {table}(guid)";
        yield return $"CREATE INDEX IF NOT EXISTS {table}_parent ON {table}(parent_guid) WHERE parent_guid IS NOT NULL";
        yield return $"CREATE INDEX IF NOT EXISTS {table}_pid ON {table}(pid)";
    }
}

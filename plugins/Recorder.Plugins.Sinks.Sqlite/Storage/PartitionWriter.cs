using Microsoft.Data.Sqlite;
using Recorder.Contracts.Events;

namespace Recorder.Plugins.Sinks.Sqlite.Storage;

/// <summary>
/// Writes into the current partition: its string table, process table and one table per event type, each
/// created the first time the partition sees the type.
/// </summary>
internal sealed class PartitionWriter : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Dictionary<EventSchema, EventRowWriter> _rowWriters = new(ReferenceEqualityComparer.Instance);
    private readonly Func<EventSchema, StoredType> _resolveType;
    private long _sequence;

    // Whether the partition's secondary indexes exist (a partition continued after a restart) or come when it is
    // left (a new one, or the one being written when a batch was rolled back).
    private readonly bool _hasIndexes;
    private readonly EventHeader _header = new();

    private PartitionWriter(SqliteConnection connection, long number, long baseTicks, bool isNew, Func<EventSchema, StoredType> resolveType)
    {
        _connection = connection;
        _hasIndexes = !isNew && PartitionIndexes.IsIndexed(connection, number);
        Number = number;
        BaseTicks = baseTicks;
        _resolveType = resolveType;
        Strings = new StringInterner(connection, number, isNew);
        // Partitions written by a version without key ranges keep their proc index and get no ranges.
        var tracksKeyRanges = isNew || ExistingColumns(SqlNames.Processes(number)).Contains(ProcessColumns.LastKeyColumn);
        if (!isNew) ProcessColumns.AddMissingColumns(connection, SqlNames.Processes(number));
        Processes = new ProcessRowWriter(connection, number, Strings, tracksKeyRanges);
    }

    public long Number { get; }
    public long BaseTicks { get; }
    public StringInterner Strings { get; }
    public ProcessRowWriter Processes { get; }

    /// <summary>Creates a partition's tables and catalog row. Runs inside the writer's transaction.</summary>
    public static PartitionWriter Create(SqliteConnection connection, long number, long baseTicks, Func<EventSchema, StoredType> resolveType)
    {
        var strings = SqlNames.Strings(number);
        var processes = SqlNames.Processes(number);
        var ddl = new List<string>
        {
            $"CREATE TABLE {strings}(id INTEGER PRIMARY KEY, h INTEGER NOT NULL, s TEXT NOT NULL)",
            ProcessColumns.CreateTableSql(processes),
        };
        // Secondary indexes come when the writer leaves the partition (PartitionIndexes).
        foreach (var sql in ddl) StoreCatalog.Execute(connection, sql);
        StoreCatalog.Execute(connection, "INSERT INTO partitions(n, base_ticks) VALUES ($n, $b)", ("$n", number), ("$b", baseTicks));
        return new PartitionWriter(connection, number, baseTicks, isNew: true, resolveType);
    }

    /// <summary>Continues writing a partition left by an earlier run.</summary>
    public static PartitionWriter Continue(SqliteConnection connection, PartitionInfo partition, Func<EventSchema, StoredType> resolveType) =>
        new(connection, partition.Number, partition.BaseTicks, isNew: false, resolveType);

    public void Write(RecorderEvent e)
    {
        if (!_rowWriters.TryGetValue(e.Schema, out var rows)) _rowWriters[e.Schema] = rows = OpenTable(e.Schema);
        var processRow = Processes.RowFor(e.Process);
        var key = rows.Write(e, processRow, _sequence++, Strings);
        Processes.NoteEventKey(processRow, key);
    }

    /// <summary>Values that could not be stored as their declared type.</summary>
    public long BadValues
    {
        get
        {
            long sum = 0;
            foreach (var writer in _rowWriters.Values) sum += writer.BadValues;
            return sum;
        }
    }

    /// <summary>Forgets cached ids after a rolled-back transaction: the rows they named no longer exist.</summary>
    public void Reset()
    {
        Strings.Reset();
        Processes.Reset();
        _header.Reset();
        // Tables created inside the rolled-back transaction are gone too.
        foreach (var writer in _rowWriters.Values) writer.Dispose();
        _rowWriters.Clear();
    }

    private EventRowWriter OpenTable(EventSchema schema)
    {
        var type = _resolveType(schema);
        var table = SqlNames.Events(Number, type.TableName);
        var existing = ExistingColumns(table);
        if (existing.Count == 0)
        {
            var columns = string.Join(", ", type.Fields.Select(f => $"{SqlNames.Quote(f.Column)} {SqlType(f.Type)}"));
            StoreCatalog.Execute(_connection,
                $"CREATE TABLE {table}(k INTEGER PRIMARY KEY, id INTEGER, proc INTEGER, {EventHeader.Column} INTEGER{(columns.Length > 0 ? ", " + columns : "")})");
            // A partition continued after a restart already has its indexes: keep them complete.
            if (_hasIndexes)
                foreach (var (_, sql) in StoreIndexPolicy.IndexStatements(table, type)) StoreCatalog.Execute(_connection, sql);
        }
        else
        {
            // A newer version of the type added fields: add their columns (older rows read as null).
            var added = false;
            foreach (var f in type.Fields)
                if (!existing.Contains(f.Column))
                {
                    StoreCatalog.Execute(_connection, $"ALTER TABLE {table} ADD COLUMN {SqlNames.Quote(f.Column)} {SqlType(f.Type)}");
                    added = true;
                }
            // In an indexed partition a path or address column without an index reads as empty: index the new ones now.
            if (added && _hasIndexes)
                foreach (var (_, sql) in StoreIndexPolicy.IndexStatements(table, type)) StoreCatalog.Execute(_connection, sql);
        }
        return new EventRowWriter(_connection, table, type, schema, BaseTicks, _header);
    }

    private HashSet<string> ExistingColumns(string table) => StoreCatalog.ColumnNames(_connection, table);

    internal static string SqlType(FieldType type) => type switch
    {
        FieldType.Double => "REAL",
        FieldType.Guid => "BLOB",
        _ => "INTEGER",
    };

    public void Dispose()
    {
        foreach (var writer in _rowWriters.Values) writer.Dispose();
        _rowWriters.Clear();
        Strings.Dispose();
        Processes.Dispose();
    }
}

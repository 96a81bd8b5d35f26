using Microsoft.Data.Sqlite;
using Recorder.Contracts.Events;

namespace Recorder.Plugins.Sinks.Sqlite.Storage;

/// <summary>What the writer tells its owner after each batch.</summary>
internal readonly record struct StoreState(long SizeOnDisk, int Partitions, long DroppedPartitions, long? OldestTicks);

/// <summary>
/// The single writer of a store: one connection in WAL mode, one transaction per batch, statements prepared
/// once per partition, and retention (age and size) applied after every batch. Not thread-safe: the host calls
/// a sink from one worker.
/// </summary>
internal sealed class StoreWriter : IDisposable
{
    private const int PageSize = 4096;

    private readonly SqliteConnection _connection;
    private readonly StoreBudget _budget;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, StoredType> _types;
    private readonly Dictionary<EventSchema, StoredType> _typeOfSchema = new(ReferenceEqualityComparer.Instance);
    private readonly List<PartitionInfo> _partitions;
    private PartitionWriter? _current;
    private long _currentMin = long.MaxValue, _currentMax = long.MinValue, _currentEvents, _currentBytes;
    // When the current partition last received events (wall clock): the retention clock of imported history.
    private long? _currentWritten;
    private long _nextAgeCheckTicks;
    // Used pages when the current batch (or the current partition within it) started: its growth counts against the partition cap.
    private long _usedPagesMark;

    private StoreWriter(string path, SqliteConnection connection, StoreBudget budget, TimeProvider time)
    {
        Path = path;
        _connection = connection;
        _budget = budget;
        _time = time;
        _types = StoreCatalog.LoadTypes(connection);
        _partitions = StoreCatalog.LoadPartitions(connection);
    }

    public string Path { get; }
    public long DroppedPartitions { get; private set; }
    public long BadValues => _current?.BadValues ?? 0;

    /// <summary>Opens (creating if needed) the store at <paramref name="path"/>.</summary>
    public static StoreWriter Open(string path, StoreBudget budget, TimeProvider time)
    {
        StoreFiles.EnsureCreated(path);
        SqliteUnloadHygiene.Register();
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            // auto_vacuum must be chosen before the first table exists; it lets retention give space back.
            Pragma(connection, $"PRAGMA page_size = {PageSize}");
            Pragma(connection, "PRAGMA auto_vacuum = INCREMENTAL");
            Pragma(connection, "PRAGMA journal_mode = WAL");
            Pragma(connection, "PRAGMA synchronous = NORMAL");
            Pragma(connection, "PRAGMA busy_timeout = 5000");
            // Index inserts land all over their b-trees: keep the current partition's pages in memory (32 MiB).
            Pragma(connection, "PRAGMA cache_size = -32768");
            // Keep the WAL small against the budget: checkpoint early and truncate the file back afterwards.
            var walPages = Math.Clamp(budget.MaxBytes / 50 / PageSize, 64, 4096);
            Pragma(connection, $"PRAGMA wal_autocheckpoint = {walPages}");
            Pragma(connection, $"PRAGMA journal_size_limit = {walPages * PageSize}");
            // Before anything is created in it: a store of a newer format is refused untouched.
            StoreCatalog.CheckFormat(connection, path);
            StoreCatalog.Execute(connection, StoreCatalog.CreateSql);
            StoreCatalog.Upgrade(connection);
            var writer = new StoreWriter(path, connection, budget, time);
            // A crash may have left the last partition without its indexes: complete them before going on.
            if (writer._partitions.Count > 0) PartitionIndexes.Build(connection, writer._partitions[^1].Number, writer._types.Values);
            writer.ContinueLastPartition();
            return writer;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Writes a batch in one transaction; on failure nothing of the batch is kept and the exception propagates.</summary>
    public void WriteBatch(IReadOnlyList<RecorderEvent> batch)
    {
        _usedPagesMark = UsedPages();
        var writtenAt = _time.GetUtcNow().UtcTicks;
        Exec("BEGIN IMMEDIATE");
        try
        {
            for (var i = 0; i < batch.Count; i++)
            {
                var e = batch[i];
                var ticks = StoredValues.Ticks(e.Time);
                if (_current is null || NeedsNewPartition(ticks)) StartPartition(ticks);
                _current!.Write(e);
                _currentWritten = writtenAt;
                if (ticks < _currentMin) _currentMin = ticks;
                if (ticks > _currentMax) _currentMax = ticks;
                _currentEvents++;
            }
            _currentBytes += Math.Max(0, UsedPages() - _usedPagesMark) * PageSize;
            SaveCurrentPartition();
            Exec("COMMIT");
        }
        catch
        {
            Rollback();
            throw;
        }
        EnforceRetention();
    }

    /// <summary>Makes committed batches durable even against power loss (WAL commits survive a process crash already).</summary>
    public void Flush() => Pragma(_connection, "PRAGMA wal_checkpoint(PASSIVE)");

    public StoreState State()
    {
        long? oldest = null;
        foreach (var p in _partitions)
            if (p.MinTicks is { } min && (oldest is null || min < oldest)) oldest = min;
        return new StoreState(StoreFiles.SizeOnDisk(Path), _partitions.Count, DroppedPartitions, oldest);
    }

    private bool NeedsNewPartition(long ticks)
    {
        // A new partition per UTC day of event time, and whenever one grows past its share of the budget.
        var dayOfPartition = TimeKey.DayOf(_current!.BaseTicks);
        return ticks / TimeSpan.TicksPerDay > dayOfPartition || _currentBytes >= _budget.PartitionBytes;
    }

    private void StartPartition(long ticks)
    {
        if (_current is not null)
        {
            SaveCurrentPartition();
            // Leaving the partition: build its indexes now, in this batch's transaction (all or nothing).
            PartitionIndexes.Build(_connection, _current.Number, _types.Values);
            _current.Dispose();
            _usedPagesMark = UsedPages();
        }
        var number = _partitions.Count == 0 ? 1 : _partitions[^1].Number + 1;
        var baseTicks = TimeKey.BaseFor(ticks);
        _current = PartitionWriter.Create(_connection, number, baseTicks, Resolve);
        _partitions.Add(new PartitionInfo(number, baseTicks, null, null, 0, 0));
        _currentMin = long.MaxValue; _currentMax = long.MinValue; _currentEvents = 0; _currentBytes = 0; _currentWritten = null;
    }

    private void ContinueLastPartition()
    {
        if (_partitions.Count == 0) return;
        var last = _partitions[^1];
        if (last.Bytes >= _budget.PartitionBytes || HasFirstLayoutEventTables(last.Number)) return;
        // Written to again after its indexes were built: a column left without an index because it was empty may
        // now get values, so every column gets its index (queries take a missing one in an indexed partition as empty).
        if (PartitionIndexes.IsIndexed(_connection, last.Number)) PartitionIndexes.Build(_connection, last.Number, _types.Values, everyColumn: true);
        _current = PartitionWriter.Continue(_connection, last, Resolve);
        _currentMin = last.MinTicks ?? long.MaxValue;
        _currentMax = last.MaxTicks ?? long.MinValue;
        _currentEvents = last.Events;
        _currentBytes = last.Bytes;
        _currentWritten = last.WrittenTicks;
    }

    /// <summary>Event tables of the first layout (separate collector/outcome/result/tags columns) are not written to again.</summary>
    private bool HasFirstLayoutEventTables(long partition)
    {
        var prefix = SqlNames.EventsPrefix(partition);
        foreach (var table in StoreCatalog.TableNames(_connection))
        {
            if (table.StartsWith(prefix, StringComparison.Ordinal) && StoreCatalog.ColumnNames(_connection, table).Contains("collector")) return true;
        }
        return false;
    }

    private void SaveCurrentPartition()
    {
        if (_current is null || _currentEvents == 0) return;
        _current.Processes.SaveKeyRanges();
        var written = _currentWritten;
        StoreCatalog.Execute(_connection, "UPDATE partitions SET min_ticks = $min, max_ticks = $max, events = $e, bytes = $b, written_ticks = $w WHERE n = $n",
            ("$min", _currentMin), ("$max", _currentMax), ("$e", _currentEvents), ("$b", _currentBytes), ("$w", (object?)written ?? DBNull.Value), ("$n", _current.Number));
        var index = _partitions.Count - 1;
        _partitions[index] = new PartitionInfo(_current.Number, _current.BaseTicks, _currentMin, _currentMax, _currentEvents, _currentBytes, written);
    }

    private StoredType Resolve(EventSchema schema)
    {
        if (_typeOfSchema.TryGetValue(schema, out var stored)) return stored;
        _types.TryGetValue(schema.Name, out var known);
        if (known is null || schema.Fields.Any(f => known.Find(f.Name) is null))
        {
            var usedTables = _types.Values.Select(t => t.TableName).ToHashSet(StringComparer.Ordinal);
            known = StoreCatalog.Register(_connection, schema, known, usedTables);
            _types[schema.Name] = known;
        }
        _typeOfSchema[schema] = known;
        return known;
    }

    private void Rollback()
    {
        try { Exec("ROLLBACK"); } catch (SqliteException) { /* SQLite may have rolled back already (disk full). */ }
        // Cached ids and catalog entries may name rows that no longer exist: reload from what is committed.
        _current?.Dispose();
        _current = null;
        _typeOfSchema.Clear();
        _types.Clear();
        foreach (var pair in StoreCatalog.LoadTypes(_connection)) _types[pair.Key] = pair.Value;
        _partitions.Clear();
        _partitions.AddRange(StoreCatalog.LoadPartitions(_connection));
        ContinueLastPartition();
    }

    // ---- retention ----

    /// <summary>Drops whole partitions, oldest first, that are older than the age limit or do not fit the size budget.</summary>
    public void EnforceRetention()
    {
        var now = _time.GetUtcNow().UtcTicks;
        if (now >= _nextAgeCheckTicks)
        {
            _nextAgeCheckTicks = now + TimeSpan.TicksPerSecond * 10;
            var cutoff = now - _budget.MaxAge.Ticks;
            var droppedForAge = false;
            // Measured from the later of the newest event and the last write, so that history imported today (a
            // replayed log of years ago) is kept as long as what is recorded today.
            while (_partitions.Count > 0 && _partitions[0].RetentionTicks is { } age && age < cutoff)
            {
                DropOldest();
                droppedForAge = true;
            }
            // Old history is gone for good: give its pages back to the file system.
            if (droppedForAge) GiveBackFreePages(0);
        }

        while (_partitions.Count > 0 && UsedBytes() > _budget.HighWaterBytes) DropOldest();

        // The file only shrinks when asked; keep what is on disk inside the budget too.
        var excess = StoreFiles.SizeOnDisk(Path) - _budget.HighWaterBytes;
        if (excess > 0) GiveBackFreePages(excess);
    }

    private void DropOldest()
    {
        var oldest = _partitions[0];
        if (_current?.Number == oldest.Number)
        {
            _current.Dispose();
            _current = null;
        }
        var prefix = $"p{oldest.Number}_";
        var tables = StoreCatalog.TableNames(_connection).Where(t => t.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        Exec("BEGIN IMMEDIATE");
        try
        {
            foreach (var table in tables) StoreCatalog.Execute(_connection, $"DROP TABLE {SqlNames.Quote(table)}");
            StoreCatalog.Execute(_connection, "DELETE FROM partitions WHERE n = $n", ("$n", oldest.Number));
            Exec("COMMIT");
        }
        catch
        {
            try { Exec("ROLLBACK"); } catch (SqliteException) { }
            throw;
        }
        _partitions.RemoveAt(0);
        DroppedPartitions++;
        // Dropping writes freed pages to the WAL: checkpoint so the WAL shrinks back under its limit.
        Pragma(_connection, "PRAGMA wal_checkpoint(TRUNCATE)");
    }

    private void GiveBackFreePages(long bytesWanted)
    {
        var free = PragmaInt64("PRAGMA freelist_count");
        if (free == 0) return;
        var pages = bytesWanted <= 0 ? free : Math.Min(free, (bytesWanted + PageSize - 1) / PageSize);
        // incremental_vacuum frees one page per step: read it to the end.
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = $"PRAGMA incremental_vacuum({pages})";
            using var reader = command.ExecuteReader();
            while (reader.Read()) { }
        }
        Pragma(_connection, "PRAGMA wal_checkpoint(TRUNCATE)");
    }

    /// <summary>Bytes the store really uses: the database minus its free pages, plus the WAL and shared-memory files.</summary>
    private long UsedBytes() =>
        StoreFiles.SizeOnDisk(Path) - PragmaInt64("PRAGMA freelist_count") * PageSize;

    private long UsedPages() => PragmaInt64("PRAGMA page_count") - PragmaInt64("PRAGMA freelist_count");

    private long PragmaInt64(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar() ?? 0L);
    }

    private void Exec(string sql) => Pragma(_connection, sql);

    private static void Pragma(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        try
        {
            // A cleanly closed store is fully indexed (or completes its indexes at the next open).
            if (_current is not null) PartitionIndexes.Build(_connection, _current.Number, _types.Values);
            Pragma(_connection, "PRAGMA wal_checkpoint(TRUNCATE)");
        }
        catch (SqliteException)
        {
            // Closing on a full or read-only disk: the WAL stays and is replayed on the next open.
        }
        finally
        {
            // Statements first: SQLite keeps the file open until every statement of the connection is finalized.
            _current?.Dispose();
            _connection.Dispose();
        }
    }
}

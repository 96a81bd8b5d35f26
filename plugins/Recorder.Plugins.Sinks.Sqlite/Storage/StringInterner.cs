namespace Recorder.Plugins.Sinks.Sqlite.Storage;

/// <summary>
/// Stores each distinct string once per partition (<c>p{n}_str</c>) and hands out its id. Lookups hit a
/// bounded in-memory map first; the table is only searched when the map may be incomplete (after it was
/// trimmed, or for a partition continued after a restart).
/// </summary>
internal sealed class StringInterner : IDisposable
{
    private const int MaxCachedStrings = 250_000;

    private readonly Dictionary<string, long> _cache = new(StringComparer.Ordinal);
    private readonly PreparedStatement _find;
    private readonly PreparedStatement _insert;
    private bool _cacheIsComplete;

    public StringInterner(Microsoft.Data.Sqlite.SqliteConnection connection, long partition, bool partitionIsNew)
    {
        var table = SqlNames.Strings(partition);
        _find = new PreparedStatement(connection, $"SELECT id FROM {table} WHERE h IN (?1, ?3) AND s = ?2");
        _insert = new PreparedStatement(connection, $"INSERT INTO {table}(h, s) VALUES (?1, ?2)");
        _cacheIsComplete = partitionIsNew;
    }

    /// <summary>Strings added to the partition since it was opened here.</summary>
    public long Added { get; private set; }

    public long Intern(string value)
    {
        if (_cache.TryGetValue(value, out var id)) return id;

        var hash = StableStringHash.Stored(value);
        if (!_cacheIsComplete)
        {
            _find.Bind(1, hash);
            _find.Bind(2, value);
            _find.Bind(3, StableStringHash.Compute(value));
            if (_find.QueryInt64() is { } found)
            {
                Remember(value, found);
                return found;
            }
        }
        _insert.Bind(1, hash);
        _insert.Bind(2, value);
        _insert.Execute();
        id = _insert.LastInsertRowId;
        Added++;
        Remember(value, id);
        return id;
    }

    /// <summary>Forgets ids handed out by a transaction that was rolled back.</summary>
    public void Reset()
    {
        _cache.Clear();
        _cacheIsComplete = false;
    }

    private void Remember(string value, long id)
    {
        if (_cache.Count >= MaxCachedStrings)
        {
            // Bounded memory: start over; later misses consult the table.
            _cache.Clear();
            _cacheIsComplete = false;
        }
        _cache[value] = id;
    }

    public void Dispose()
    {
        _find.Dispose();
        _insert.Dispose();
    }
}

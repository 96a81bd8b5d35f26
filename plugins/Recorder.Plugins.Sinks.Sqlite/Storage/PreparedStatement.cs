using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Recorder.Plugins.Sinks.Sqlite.Storage;

/// <summary>
/// A statement prepared once and run many times, bound through SQLite's C API: no boxing, no per-row
/// parameter objects. Parameters are 1-based, as in SQLite.
/// </summary>
internal sealed class PreparedStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _stmt;

    public PreparedStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        var rc = raw.sqlite3_prepare_v2(_db, sql, out _stmt);
        SqliteException.ThrowExceptionForRC(rc, _db);
    }

    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_stmt, index, value));
    public void Bind(int index, double value) => Check(raw.sqlite3_bind_double(_stmt, index, value));
    public void Bind(int index, ReadOnlySpan<byte> blob) => Check(raw.sqlite3_bind_blob(_stmt, index, blob));
    public void Bind(int index, string value) => Check(raw.sqlite3_bind_text(_stmt, index, value));
    public void BindNull(int index) => Check(raw.sqlite3_bind_null(_stmt, index));

    public void Bind(int index, long? value)
    {
        if (value is { } v) Bind(index, v); else BindNull(index);
    }

    /// <summary>Runs a statement that returns no rows. Returns SQLite's result code when it is a constraint violation, else throws on error.</summary>
    public int ExecuteAllowingConstraint()
    {
        var rc = raw.sqlite3_step(_stmt);
        raw.sqlite3_reset(_stmt);
        if (rc == raw.SQLITE_DONE) return raw.SQLITE_OK;
        if (rc == raw.SQLITE_CONSTRAINT) return rc;
        SqliteException.ThrowExceptionForRC(rc, _db);
        return rc;
    }

    /// <summary>Runs a statement that returns no rows; throws <see cref="SqliteException"/> on error.</summary>
    public void Execute()
    {
        var rc = raw.sqlite3_step(_stmt);
        raw.sqlite3_reset(_stmt);
        if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, _db);
    }

    /// <summary>Runs a query and returns the first column of the first row, or null.</summary>
    public long? QueryInt64()
    {
        var rc = raw.sqlite3_step(_stmt);
        long? result = null;
        if (rc == raw.SQLITE_ROW) result = raw.sqlite3_column_int64(_stmt, 0);
        raw.sqlite3_reset(_stmt);
        if (rc != raw.SQLITE_ROW && rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, _db);
        return result;
    }

    public long LastInsertRowId => raw.sqlite3_last_insert_rowid(_db);

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _db);
    }

    public void Dispose() => _stmt.Dispose();
}

using Microsoft.Data.Sqlite;
using Recorder.Contracts.Events;

namespace Recorder.Benchmarks.Storage;

/// <summary>
/// The baseline the sink is measured against: every event as one flat row with its strings inline and no index
/// but the rowid, one prepared command reused with parameters, one transaction per batch, WAL, synchronous=NORMAL.
/// </summary>
internal sealed class BaselineWriter : IBenchWriter
{
    private static readonly string[] Columns =
    [
        "time", "id", "type", "collector", "outcome", "result", "guid", "pid", "start_time", "path", "cmd", "cwd", "uid", "user_name",
        "euid", "effective_user_name", "gid", "user_group", "login_uid", "login_user_name", "session", "tty", "parent_guid",
        "parent_pid", "parent_path", "parent_cmd", "file_path", "file_old_path", "net_transport", "net_family", "local_address",
        "local_port", "remote_address", "remote_port", "value",
    ];

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;
    private readonly SqliteParameter[] _p;

    public BaselineWriter(string path)
    {
        _connection = new SqliteConnection($"Data Source={path};Pooling=False");
        _connection.Open();
        using (var setup = _connection.CreateCommand())
        {
            setup.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; CREATE TABLE events(" + string.Join(", ", Columns) + ")";
            setup.ExecuteNonQuery();
        }
        _insert = _connection.CreateCommand();
        _insert.CommandText = $"INSERT INTO events VALUES ({string.Join(", ", Columns.Select((_, i) => "$p" + i))})";
        _p = Columns.Select((_, i) => _insert.Parameters.Add("$p" + i, SqliteType.Text)).ToArray();
        foreach (var p in _p) p.SqliteType = default;
        _insert.Prepare();
    }

    public void Write(List<RecorderEvent> batch)
    {
        using var transaction = _connection.BeginTransaction();
        _insert.Transaction = transaction;
        foreach (var e in batch)
        {
            var c = e.Process;
            object?[] values =
            [
                e.Time.Ticks, e.Id, e.Type, e.Collector, (long)e.Outcome, e.ResultCode, c.ProcessGuid.ToByteArray(), c.Pid, c.StartTime?.Ticks,
                c.Executable, c.CommandLine, c.WorkingDirectory, c.Uid, c.UserName, c.EffectiveUid, c.EffectiveUserName, c.Gid, c.GroupName,
                c.LoginUid, c.LoginUserName, c.SessionId, c.Terminal, c.ParentProcessGuid.ToByteArray(), c.ParentPid, c.ParentExecutable,
                c.ParentCommandLine, Field(e, "file.path"), Field(e, "file.old_path"), Field(e, "network.transport"), Field(e, "network.family"),
                Field(e, "network.local_address"), Field(e, "network.local_port"), Field(e, "network.remote_address"), Field(e, "network.remote_port"),
                Field(e, "process.exit_code") ?? Field(e, "process.argc"),
            ];
            for (var i = 0; i < values.Length; i++) _p[i].Value = values[i] ?? DBNull.Value;
            _insert.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    private static object? Field(RecorderEvent e, string name) => e.Schema.TryGetField(name, out var f) ? e[f] : null;

    public void Dispose()
    {
        using (var checkpoint = _connection.CreateCommand())
        {
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            checkpoint.ExecuteNonQuery();
        }
        _insert.Dispose();
        _connection.Dispose();
    }
}

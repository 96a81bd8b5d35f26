using Microsoft.Data.Sqlite;
using Recorder.Plugins.Sinks.Sqlite.Queries;
using Recorder.Plugins.Sinks.Sqlite.Storage;

namespace Recorder.Plugins.Sinks.Sqlite.Tests;

internal static class StoreTestHelpers
{
    public static SqliteSink Sink(string path, FakePluginServices services, double maxSizeMb = 1024, double maxAgeDays = 90, TimeProvider? clock = null) =>
        new(path, new StoreBudget(TimeSpan.FromDays(maxAgeDays), (long)(maxSizeMb * 1024 * 1024)), services, clock ?? TimeProvider.System);

    public static async Task WriteAsync(this SqliteSink sink, IEnumerable<RecorderEvent> events, int batchSize = 500)
    {
        var batch = new List<RecorderEvent>(batchSize);
        foreach (var e in events)
        {
            batch.Add(e);
            if (batch.Count == batchSize) { await sink.WriteBatchAsync(batch, default); batch = new List<RecorderEvent>(batchSize); }
        }
        if (batch.Count > 0) await sink.WriteBatchAsync(batch, default);
    }

    public static long Scalar(string path, string sql)
    {
        using var store = RecorderStore.Open(path);
        var rows = store.Query(sql).ToList();
        return Convert.ToInt64(rows[0][0]);
    }

    /// <summary>Runs SQL against the store with a writable connection (to make a store as another version left it).</summary>
    public static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static string IntegrityCheck(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return Convert.ToString(command.ExecuteScalar())!;
    }
}

using Microsoft.Data.Sqlite;
using Recorder.Plugins.Sinks.Sqlite.Queries;
using Recorder.Plugins.Sinks.Sqlite.Storage;

namespace Recorder.Plugins.Sinks.Sqlite.Tests;

/// <summary>
/// A package downgrade: a store written by a newer recorder (a higher store format) is refused by both the writer and
/// the questions, untouched, with a message saying what to do; a store of this format opens as before.
/// </summary>
public sealed class StoreFormatTests
{
    [Fact]
    public async Task A_store_of_a_newer_format_is_refused_untouched_with_what_to_do()
    {
        using var dir = new TempDirectory();
        var db = dir.File("recorder.db");
        var sink = StoreTestHelpers.Sink(db, new FakePluginServices(dir.Path));
        await sink.WriteAsync(Events.Mix(DateTime.UtcNow, TimeSpan.FromMilliseconds(1), 100, seed: 3));
        await sink.ShutdownAsync(default);
        Assert.Equal(100, StoreTestHelpers.Scalar(db, "SELECT count(*) FROM events"));

        StoreTestHelpers.Execute(db, "UPDATE store_info SET value = '2' WHERE key = 'format'");
        var before = Contents(db);

        var write = Assert.Throws<InvalidDataException>(() => StoreWriter.Open(db, new StoreBudget(TimeSpan.FromDays(90), 1L << 30), TimeProvider.System));
        Assert.Contains($"{db}: store format 2 was written by a newer recorder; this version reads format {StoreCatalog.FormatVersion} at most", write.Message);
        Assert.Contains("Install the newer recorder again, or move the store aside", write.Message);
        var read = Assert.Throws<InvalidDataException>(() => RecorderStore.Open(db));
        Assert.Equal(write.Message, read.Message);
        Assert.Equal(before, Contents(db));

        StoreTestHelpers.Execute(db, $"UPDATE store_info SET value = '{StoreCatalog.FormatVersion}' WHERE key = 'format'");
        Assert.Equal(100, StoreTestHelpers.Scalar(db, "SELECT count(*) FROM events"));
    }

    /// <summary>The schema, the store's own rows and the number of rows of every table, read past the format check.</summary>
    private static string Contents(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var text = new System.Text.StringBuilder();
        var tables = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT type, name, sql FROM sqlite_master ORDER BY name";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                text.Append(reader.GetString(0)).Append(' ').Append(reader.GetString(1)).Append(' ').Append(reader.IsDBNull(2) ? "" : reader.GetString(2)).Append('\n');
                if (reader.GetString(0) == "table") tables.Add(reader.GetString(1));
            }
        }
        foreach (var table in tables)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT count(*) FROM \"{table}\"";
            text.Append(table).Append(": ").Append(command.ExecuteScalar()).Append('\n');
        }
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT group_concat(key || '=' || value, ',') FROM store_info";
            text.Append(command.ExecuteScalar());
        }
        return text.ToString();
    }
}

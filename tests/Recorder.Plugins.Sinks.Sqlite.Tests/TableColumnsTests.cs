using Microsoft.Data.Sqlite;
using Recorder.Plugins.Sinks.Sqlite.Queries;

namespace Recorder.Plugins.Sinks.Sqlite.Tests;

/// <summary>Queries read a table's columns from the CREATE TABLE text SQLite keeps, also after a newer plugin added a field.</summary>
public sealed class TableColumnsTests
{
    [Fact]
    public void Columns_are_read_from_the_text_sqlite_keeps_after_a_column_is_added()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE p7_e_acme_sample(k INTEGER PRIMARY KEY, id INTEGER, proc INTEGER, hdr INTEGER, "acme_level" INTEGER);
            ALTER TABLE p7_e_acme_sample ADD COLUMN "acme_path" INTEGER;
            SELECT sql FROM sqlite_master WHERE name = 'p7_e_acme_sample';
            """;
        var sql = (string)command.ExecuteScalar()!;
        Assert.Equal(["k", "id", "proc", "hdr", "acme_level", "acme_path"], TableColumns.FromCreateSql(sql)!.ToArray());
    }

    [Fact]
    public void Text_of_another_shape_is_left_to_sqlite()
    {
        Assert.Null(TableColumns.FromCreateSql("CREATE TABLE t(a INTEGER, b TEXT, PRIMARY KEY(a, b))"));
        Assert.Null(TableColumns.FromCreateSql("CREATE TABLE t(a DECIMAL(10,2))"));
    }
}

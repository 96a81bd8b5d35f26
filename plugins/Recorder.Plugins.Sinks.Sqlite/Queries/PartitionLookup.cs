using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Recorder.Plugins.Sinks.Sqlite.Storage;

namespace Recorder.Plugins.Sinks.Sqlite.Queries;

/// <summary>
/// Rows of many partitions looked up by key in as few statements as possible, for decoding a page of results: the
/// texts of string ids, process rows by row key.
/// </summary>
internal static class PartitionLookup
{
    // Keys are integers written into the statement; this many per statement keeps it a few tens of kilobytes.
    private const int IdsPerStatement = 4000;

    // SQLite allows 500 terms in a compound SELECT.
    private const int MaxCompound = 400;

    /// <summary>The text of each string id, by partition.</summary>
    public static Dictionary<long, Dictionary<long, string>> Strings(SqliteConnection connection, Dictionary<long, HashSet<long>> idsByPartition) =>
        Rows(connection, idsByPartition, n => $"SELECT {n}, id, s FROM {SqlNames.Strings(n)} WHERE id IN ", reader => reader.GetString(2));

    /// <summary>
    /// Looks up keys of many partitions with as few statements as possible: one <c>SELECT</c> per partition (its keys
    /// in an <c>IN</c> list) joined by <c>UNION ALL</c>. Each row starts with the partition number and the key.
    /// </summary>
    public static Dictionary<long, Dictionary<long, T>> Rows<T>(SqliteConnection connection, Dictionary<long, HashSet<long>> keysByPartition,
        Func<long, string> selectWhereKeyIn, Func<SqliteDataReader, T> read)
    {
        var result = new Dictionary<long, Dictionary<long, T>>();
        var terms = new List<string>();
        var idsInStatement = 0;
        foreach (var (n, keys) in keysByPartition)
        {
            // A partition's keys may themselves need several statements.
            foreach (var batch in keys.Chunk(IdsPerStatement))
            {
                var term = new StringBuilder(selectWhereKeyIn(n)).Append('(');
                for (var i = 0; i < batch.Length; i++) term.Append(i == 0 ? "" : ",").Append(batch[i].ToString(CultureInfo.InvariantCulture));
                terms.Add(term.Append(')').ToString());
                idsInStatement += batch.Length;
                if (idsInStatement >= IdsPerStatement || terms.Count >= MaxCompound) Flush();
            }
        }
        Flush();
        return result;

        void Flush()
        {
            if (terms.Count == 0) return;
            using var command = connection.CreateCommand();
            command.CommandText = string.Join(" UNION ALL ", terms);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var n = reader.GetInt64(0);
                if (!result.TryGetValue(n, out var ofPartition)) result[n] = ofPartition = new Dictionary<long, T>();
                ofPartition[reader.GetInt64(1)] = read(reader);
            }
            terms.Clear();
            idsInStatement = 0;
        }
    }
}

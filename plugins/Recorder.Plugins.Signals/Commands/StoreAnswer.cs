using Microsoft.Data.Sqlite;
using Recorder.Contracts.Commands;
using Recorder.Plugins.Sinks.Sqlite.Queries;

namespace Recorder.Plugins.Signals.Commands;

/// <summary>
/// What <c>signals</c> and <c>hunt</c> share with the store's other questions: <c>--db</c>, <c>--format</c>,
/// <c>--limit</c>, opening the store, writing rows (table, or whole events as jsonl/csv), bad input as exit code 2.
/// </summary>
internal static class StoreAnswer
{
    public const int BadInput = 2;
    private const int DefaultLimit = 1_000;

    public static IReadOnlyList<CommandOption> Options(params CommandOption[] own) =>
    [
        .. own,
        new() { Name = "db", Description = "The database file (default: <data dir>/recorder.db).", Kind = CommandValueKind.Path },
        new() { Name = "limit", Description = "At most this many rows.", Kind = CommandValueKind.Integer, DefaultValue = DefaultLimit.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        CommandOption.OutputFormat(),
    ];

    public static int Limit(CommandInvocation invocation) => (int)Math.Clamp(invocation.GetInteger("limit") ?? DefaultLimit, 0, int.MaxValue);

    /// <summary>Opens the store, runs <paramref name="ask"/> and writes its answer in the chosen format.</summary>
    public static int Answer(CommandInvocation invocation, Func<RecorderStore, QueryResult> ask)
    {
        if (!ResultWriter.TryParseFormat(invocation.GetText("format"), out var format))
            return Fail(invocation, $"--format: '{invocation.GetText("format")}' is not one of table, jsonl, csv");
        var path = invocation.GetText("db") ?? Path.Combine(invocation.HostDataDirectory, "recorder.db");
        try
        {
            using var store = RecorderStore.Open(path);
            var result = ask(store);
            ResultWriter.Write(result, format, invocation.Output);
            if (result.Note is not null) invocation.Error.WriteLine(result.Note);
            return 0;
        }
        catch (Exception ex) when (ex is FileNotFoundException or InvalidDataException or ArgumentException or FormatException or SqliteException)
        {
            return Fail(invocation, ex.Message);
        }
    }

    public static int Fail(CommandInvocation invocation, string message)
    {
        invocation.Error.WriteLine("recorder: " + message);
        return BadInput;
    }

    /// <summary>The process columns of a whole-event record, for tables.</summary>
    public static object?[] ProcessCells(EventRecord record) =>
        [record["process.pid"], record["process.path"], record["process.user_name"], record["process.cmd"], record["process.guid"]];
}

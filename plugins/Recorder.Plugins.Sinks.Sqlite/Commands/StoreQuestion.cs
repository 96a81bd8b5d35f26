using Recorder.Contracts.Commands;
using Recorder.Plugins.Sinks.Sqlite.Queries;

namespace Recorder.Plugins.Sinks.Sqlite.Commands;

/// <summary>
/// What the store's commands (query, timeline, tree, file, net) share: the <c>--db</c>, <c>--format</c> and
/// <c>--limit</c> options, opening the store, writing the rows, and turning bad input into a message and exit code 2.
/// </summary>
internal static class StoreQuestion
{
    /// <summary>Exit code for bad input (an unknown format, a time that is not one, SQL that fails).</summary>
    public const int BadInput = 2;

    // A screenful or a few: file and net answer newest first, so the rows cut are the oldest ones. At this size they
    // answer in tens of milliseconds over 50 million events (docs/perf/storage.md); 10,000 rows take a few hundred.
    private const int DefaultLimit = 1_000;

    /// <summary>The command's own parameters followed by the store options every query command takes.</summary>
    public static IReadOnlyList<CommandOption> Options(bool withLimit, params CommandOption[] own)
    {
        var options = new List<CommandOption>(own)
        {
            new() { Name = "db", Description = "The database file (default: <data dir>/recorder.db).", Kind = CommandValueKind.Path },
            CommandOption.OutputFormat(),
        };
        if (withLimit)
            options.Add(new() { Name = "limit", Description = "At most this many rows.", Kind = CommandValueKind.Integer, DefaultValue = DefaultLimit.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        return options;
    }

    /// <summary>The --limit given (or its default).</summary>
    public static int Limit(CommandInvocation invocation) =>
        (int)Math.Clamp(invocation.GetInteger("limit") ?? DefaultLimit, 0, int.MaxValue);

    /// <summary>Opens the store, runs <paramref name="ask"/> and writes its rows in the chosen format.</summary>
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
        catch (Exception ex) when (ex is FileNotFoundException or InvalidDataException or ArgumentException or FormatException
                                       or Microsoft.Data.Sqlite.SqliteException)
        {
            return Fail(invocation, ex.Message);
        }
    }

    private static int Fail(CommandInvocation invocation, string message)
    {
        invocation.Error.WriteLine("recorder: " + message);
        return BadInput;
    }
}

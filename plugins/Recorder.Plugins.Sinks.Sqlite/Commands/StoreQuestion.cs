using Recorder.Contracts.Commands;
using Recorder.Contracts.Ecs;
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

    /// <summary>
    /// The command's own parameters followed by the store options every query command takes; <paramref name="wholeEvents"/>
    /// offers <c>--format ecs</c>, for the commands whose answers are whole events.
    /// </summary>
    public static IReadOnlyList<CommandOption> Options(bool withLimit, bool wholeEvents, params CommandOption[] own)
    {
        var options = new List<CommandOption>(own)
        {
            new() { Name = "db", Description = "The database file (default: <data dir>/recorder.db).", Kind = CommandValueKind.Path },
            wholeEvents ? EcsOutputFormat : CommandOption.OutputFormat(),
        };
        if (withLimit)
            options.Add(new() { Name = "limit", Description = "At most this many rows.", Kind = CommandValueKind.Integer, DefaultValue = DefaultLimit.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        return options;
    }

    private static readonly CommandOption EcsOutputFormat = new()
    {
        Name = "format",
        Description = "Output: table, jsonl, csv or ecs (one Elastic Common Schema document per row, docs/streaming.md).",
        DefaultValue = OutputFormats.Table,
        AllowedValues = [OutputFormats.Table, OutputFormats.Jsonl, OutputFormats.Csv, OutputFormats.Ecs],
    };

    /// <summary>The --limit given (or its default).</summary>
    public static int Limit(CommandInvocation invocation) =>
        (int)Math.Clamp(invocation.GetInteger("limit") ?? DefaultLimit, 0, int.MaxValue);

    /// <summary>Opens the store, runs <paramref name="ask"/> and writes its rows in the chosen format.</summary>
    public static int Answer(CommandInvocation invocation, Func<RecorderStore, QueryResult> ask)
    {
        if (!ResultWriter.TryParseFormat(invocation.GetText("format"), out var format))
            return Fail(invocation, $"--format: '{invocation.GetText("format")}' is not one of table, jsonl, csv, ecs");
        var path = invocation.GetText("db") ?? Path.Combine(invocation.HostDataDirectory, "recorder.db");
        // host.* of ECS documents: this machine's own store; a --db file may come from anywhere, so it names no host.
        var host = invocation.GetText("db") is null ? EcsHostInfo.Current : null;
        try
        {
            using var store = RecorderStore.Open(path);
            var result = ask(store);
            ResultWriter.Write(result, format, invocation.Output, host);
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

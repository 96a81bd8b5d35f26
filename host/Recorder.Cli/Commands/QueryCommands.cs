using System.CommandLine;
using System.Globalization;
using Recorder.Plugins.Sinks.Sqlite.Queries;

namespace Recorder.Cli.Commands;

/// <summary>`recorder query|timeline|tree|file|net`: the investigator's questions over the stored history.</summary>
internal static class QueryCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Query();
        yield return Timeline();
        yield return Tree();
        yield return File();
        yield return Net();
    }

    /// <summary>Options every query command takes.</summary>
    private sealed class StoreOptions
    {
        public Option<string?> Db { get; } = new("--db") { Description = "The database file (default: <data dir>/recorder.db)." };
        public Option<string?> DataDir { get; } = HostOptions.DataDir();
        public Option<string> Format { get; } = new("--format") { Description = "Output: table, jsonl or csv.", DefaultValueFactory = _ => "table" };
        // A screenful or a few: file and net answer newest first, so the rows cut are the oldest ones. At this size they
        // answer in tens of milliseconds over 50 million events (docs/perf/storage.md); 10,000 rows take a few hundred.
        public Option<int> Limit { get; } = new("--limit") { Description = "At most this many rows (default 1000).", DefaultValueFactory = _ => 1_000 };

        public void AddTo(Command command, bool withLimit = true)
        {
            command.Options.Add(Db);
            command.Options.Add(DataDir);
            command.Options.Add(Format);
            if (withLimit) command.Options.Add(Limit);
        }

        /// <summary>Opens the store and runs <paramref name="body"/>; turns bad input into a message and exit code 2.</summary>
        public int Run(ParseResult parse, Func<RecorderStore, QueryResult> body)
        {
            if (!ResultWriter.TryParseFormat(parse.GetValue(Format), out var format))
                return Fail($"--format: '{parse.GetValue(Format)}' is not one of table, jsonl, csv");
            var path = parse.GetValue(Db) ?? Path.Combine(parse.GetValue(DataDir) ?? Recorder.Host.Configuration.HostLayout.Detect().DataDirectory, "recorder.db");
            try
            {
                using var store = RecorderStore.Open(path);
                var result = body(store);
                ResultWriter.Write(result, format, Console.Out);
                if (result.Note is not null) Console.Error.WriteLine(result.Note);
                return 0;
            }
            catch (Exception ex) when (ex is FileNotFoundException or InvalidDataException or ArgumentException or FormatException
                                           or Microsoft.Data.Sqlite.SqliteException)
            {
                return Fail(ex.Message);
            }
        }
    }

    private static Command Query()
    {
        var sql = new Argument<string>("sql") { Description = "Read-only SQL over one view per event type (file_write, process_start, ...), `events` and `processes`." };
        var options = new StoreOptions();
        var command = new Command("query", "Run read-only SQL over the whole history.") { sql };
        options.AddTo(command, withLimit: false);
        command.SetAction(parse => options.Run(parse, store => store.Query(parse.GetValue(sql)!)));
        return command;
    }

    private static Command Timeline()
    {
        var since = new Option<string>("--since") { Description = "Start: an ISO 8601 time (UTC unless it says otherwise) or a relative time such as -2h, -30m, -7d.", Required = true };
        var until = new Option<string>("--until") { Description = "End: like --since (default: now).", DefaultValueFactory = _ => "now" };
        var type = new Option<string[]>("--type") { Description = "Only these event types (repeat or separate with commas).", AllowMultipleArgumentsPerToken = true };
        var options = new StoreOptions();
        var command = new Command("timeline", "Everything recorded in a time window, in order.") { since, until, type };
        options.AddTo(command);
        command.SetAction(parse => options.Run(parse, store =>
        {
            var types = (parse.GetValue(type) ?? []).SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToHashSet();
            return new StoreQueries(store).Timeline(ParseTime("--since", parse.GetValue(since)!), ParseTime("--until", parse.GetValue(until)!), types, parse.GetValue(options.Limit));
        }));
        return command;
    }

    private static Command Tree()
    {
        var process = new Argument<string>("process") { Description = "A process GUID, or a PID (with --at when the PID was reused)." };
        var at = new Option<string?>("--at") { Description = "For a PID: the moment to resolve it at (ISO 8601 or relative like -1h)." };
        var options = new StoreOptions();
        var command = new Command("tree", "A process's ancestors and descendants, with command lines and users.") { process, at };
        options.AddTo(command, withLimit: false);
        command.SetAction(parse =>
        {
            var ambiguous = false;
            var code = options.Run(parse, store =>
            {
                var when = parse.GetValue(at) is { } text ? ParseTime("--at", text) : (DateTime?)null;
                var tree = new StoreQueries(store).Tree(parse.GetValue(process)!, when);
                ambiguous = tree.Root is null;
                return tree.ToResult();
            });
            // No single process matched: the candidates (if any) were listed.
            return code == 0 && ambiguous ? 3 : code;
        });
        return command;
    }

    private static Command File()
    {
        var path = new Argument<string>("path") { Description = "The file path (as recorded: absolute)." };
        var (since, until) = Window();
        var options = new StoreOptions();
        var command = new Command("file", "Every process that created, wrote, read, renamed, deleted or changed a file, newest first.") { path, since, until };
        options.AddTo(command);
        command.SetAction(parse => options.Run(parse, store => new StoreQueries(store).File(parse.GetValue(path)!, parse.GetValue(options.Limit),
            OptionalTime(parse, since), OptionalTime(parse, until))));
        return command;
    }

    private static Command Net()
    {
        var process = new Option<string?>("--process") { Description = "Only this process (GUID)." };
        var remote = new Option<string?>("--remote") { Description = "Only this remote address (IPv4 dotted or IPv6 compressed)." };
        var (since, until) = Window();
        var options = new StoreOptions();
        var command = new Command("net", "Network connections, accepts, binds and listens, newest first.") { process, remote, since, until };
        options.AddTo(command);
        command.SetAction(parse => options.Run(parse, store =>
        {
            Guid? guid = null;
            if (parse.GetValue(process) is { } text)
                guid = Guid.TryParse(text, out var g) ? g : throw new ArgumentException($"--process: '{text}' is not a process GUID");
            var address = parse.GetValue(remote);
            if (address is not null && System.Net.IPAddress.TryParse(address, out var ip)) address = ip.ToString();
            return new StoreQueries(store).Network(guid, address, parse.GetValue(options.Limit), OptionalTime(parse, since), OptionalTime(parse, until));
        }));
        return command;
    }

    /// <summary>The optional --since/--until of file and net: only the partitions of that window are read.</summary>
    private static (Option<string?> Since, Option<string?> Until) Window() =>
        (new Option<string?>("--since") { Description = "Only events at or after this time (ISO 8601, or relative such as -2h, -7d)." },
         new Option<string?>("--until") { Description = "Only events at or before this time (like --since)." });

    private static DateTime? OptionalTime(ParseResult parse, Option<string?> option) =>
        parse.GetValue(option) is { } text ? ParseTime(option.Name, text) : null;

    /// <summary>ISO 8601 (UTC unless an offset is given), <c>now</c>, or relative to now: <c>-90s</c>, <c>-30m</c>, <c>-2h</c>, <c>-7d</c>.</summary>
    internal static DateTime ParseTime(string option, string text)
    {
        var now = DateTime.UtcNow;
        if (text.Equals("now", StringComparison.OrdinalIgnoreCase)) return now;
        if (text.Length >= 3 && text[0] == '-' && double.TryParse(text.AsSpan(1, text.Length - 2), NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
        {
            switch (text[^1])
            {
                case 's': return now.AddSeconds(-amount);
                case 'm': return now.AddMinutes(-amount);
                case 'h': return now.AddHours(-amount);
                case 'd': return now.AddDays(-amount);
            }
        }
        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
            return time;
        throw new FormatException($"{option}: '{text}' is not a time (use ISO 8601 such as 2026-11-24T10:00:00Z, 'now', or -30m, -2h, -7d)");
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine("recorder: " + message);
        return 2;
    }
}

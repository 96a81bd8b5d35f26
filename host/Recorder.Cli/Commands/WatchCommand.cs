using System.CommandLine;
using System.Net.Sockets;
using Recorder.Host.Watching;

namespace Recorder.Cli.Commands;

/// <summary>
/// `recorder watch`: follows events as the running recorder routes them, over the control socket (root only), one
/// JSON document per line on stdout, with the types and filters of a subscription. Protocol: docs/streaming.md.
/// </summary>
internal static class WatchCommand
{
    public static Command Create(HostOptions hostOptions)
    {
        var type = new Option<string[]>("--type")
        {
            Description = "Event types or patterns to follow, as in subscriptions (session.*, process.start, or * for every type); repeat or separate with commas. Required: watched types are collected even when nothing stores them.",
            AllowMultipleArgumentsPerToken = false,
        };
        var filter = new Option<string[]>("--filter")
        {
            Description = "Only events matching this filter, in the subscription filter language: '{process.user_name: root, event.outcome: failure}' (terms ANDed; several --filter ORed).",
        };
        var exclude = new Option<string[]>("--exclude")
        {
            Description = "Leave out events matching this filter (same language as --filter; exclude wins).",
        };
        var format = new Option<string>("--format") { Description = "jsonl (Recorder's own lines, as the journal writes them) or ecs (Elastic Common Schema 8.11 documents).", DefaultValueFactory = _ => "jsonl" };
        format.AcceptOnlyFromAmong("jsonl", "ecs");
        var queue = new Option<int>("--queue")
        {
            Description = $"Events the recorder may hold for this watcher before cutting it off as too slow ({WatchRequest.MinQueue}..{WatchRequest.MaxQueue}).",
            DefaultValueFactory = _ => WatchRequest.DefaultQueue,
        };
        var command = new Command("watch", "Follow events live as the running recorder routes them (root only), one JSON document per line.")
        {
            type, filter, exclude, format, queue,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var configuration = hostOptions.Load(parseResult);
            if (configuration is null) return 2;
            WatchRequest.TryParseFormat(parseResult.GetValue(format), out var watchFormat);
            var types = (parseResult.GetValue(type) ?? [])
                .SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .ToArray();
            if (types.Length == 0)
            {
                // Not '*' by default: every watched type is asked of the collectors, which would then record everything.
                Console.Error.WriteLine("recorder watch: name the event types to follow with --type, such as --type 'session.*' (--type '*' follows every type, and makes the collectors record every type while it runs)");
                return 2;
            }
            var request = new WatchRequest
            {
                Types = types,
                Include = parseResult.GetValue(filter) ?? [],
                Exclude = parseResult.GetValue(exclude) ?? [],
                Format = watchFormat,
                Queue = parseResult.GetValue(queue),
            };
            WatchClient client;
            try
            {
                client = await WatchClient.ConnectAsync(configuration.ControlSocketPath, request, cancellationToken);
            }
            catch (WatchRequestException ex)
            {
                Console.Error.WriteLine("recorder watch: " + ex.Message);
                return 2;
            }
            catch (Exception ex) when (ex is SocketException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"recorder watch: no recorder is running with data folder {configuration.DataDirectory}, or it cannot be reached (root only) ({ex.Message})");
                return 3;
            }
            await using (client)
            {
                var output = Console.Out;
                try
                {
                    while (await client.ReadEventAsync(cancellationToken) is { } line)
                    {
                        await output.WriteLineAsync(line);
                        await output.FlushAsync(cancellationToken);
                    }
                }
                catch (OperationCanceledException) { return 0; } // Ctrl-C
                catch (IOException ex)
                {
                    Console.Error.WriteLine("recorder watch: the connection broke: " + ex.Message);
                    return 1;
                }
                var reason = client.End?.GetProperty("reason").GetString();
                Console.Error.WriteLine($"recorder watch: ended ({reason ?? "the recorder closed the connection"})");
                return reason == WatchEndReasons.TooSlow ? 1 : 0;
            }
        });
        return command;
    }
}

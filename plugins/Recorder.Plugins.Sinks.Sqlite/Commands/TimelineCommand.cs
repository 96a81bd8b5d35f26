using Recorder.Contracts.Commands;
using Recorder.Plugins.Sinks.Sqlite.Queries;

namespace Recorder.Plugins.Sinks.Sqlite.Commands;

/// <summary><c>recorder timeline --since ...</c>: everything recorded in a time window, in order.</summary>
[Command("timeline", Placement = CommandPlacement.CliOrRunningHost)]
public sealed class TimelineCommand : IRecorderCommand
{
    /// <inheritdoc />
    public CommandDescription Description { get; } = new()
    {
        Name = "timeline",
        Summary = "Everything recorded in a time window, in order.",
        Example = """
              $ recorder timeline --since 2026-05-09T19:40:33Z --until 2026-05-09T19:40:34Z --type process.start
              time                          type           pid      process                user   command_line                   details
              2026-05-09T19:40:33.1560000Z  process.start  1140454  /usr/bin/locale-check  alice  /usr/bin/locale-check C.UTF-8  process.argc=2 process.exec_path=/usr/bin/locale-check …
              With --format jsonl or csv every row is the whole event under the journal's names:
              {"event.time":"2026-05-09T19:40:33.1560000Z","event.type":"process.start","process.pid":1140454,"process.args":["/usr/bin/locale-check","C.UTF-8"],"process.parent_guid":"18fdeda4-…",…}
            """,
        Options = StoreQuestion.Options(withLimit: true, wholeEvents: true,
            new() { Name = "since", Description = "Start: an ISO 8601 time (UTC unless it says otherwise) or a relative time such as -2h, -30m, -7d.", Required = true },
            new() { Name = "until", Description = "End: like --since.", DefaultValue = "now" },
            new() { Name = "type", Description = "Only these event types (repeat or separate with commas).", Repeatable = true }),
    };

    /// <inheritdoc />
    public Task<int> InvokeAsync(CommandInvocation invocation, CancellationToken cancellationToken) =>
        Task.FromResult(StoreQuestion.Answer(invocation, store =>
        {
            var types = invocation.GetTexts("type")
                .SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .ToHashSet(StringComparer.Ordinal);
            return new StoreQueries(store).Timeline(QueryTime.Parse("--since", invocation.GetText("since")!), QueryTime.Parse("--until", invocation.GetText("until") ?? "now"),
                types, StoreQuestion.Limit(invocation));
        }));
}

using Recorder.Contracts.Commands;
using Recorder.Plugins.Signals.Rules;
using Recorder.Plugins.Signals.SignalEvents;
using Recorder.Plugins.Sinks.Sqlite.Queries;
using Recorder.Sigma;

namespace Recorder.Plugins.Signals.Commands;

/// <summary><c>recorder signals [--since] [--level]</c>: the stored signals, oldest first, with the process that raised them.</summary>
[Command("signals", Placement = CommandPlacement.CliOrRunningHost)]
public sealed class SignalsCommand : IRecorderCommand
{
    /// <inheritdoc />
    public CommandDescription Description { get; } = new()
    {
        Name = "signals",
        Summary = "Signals raised by Sigma rules, oldest first, with the process of the matched event.",
        Example = """
              $ recorder signals --since -1h --level low
              time                          level  rule                              event_type     pid    process        user  command_line        process_guid  rule_id
              2026-12-02T13:40:01.2210000Z  low    Decode Base64 Encoded Text        process.start  41230  /usr/bin/base64  root  base64 -d /tmp/x  6f1c…        e2072cab-…
              With --format jsonl every row is the whole signal event (signal.*, the matched event's id, type and time, its process.*).
            """,
        Options = StoreAnswer.Options(
            new() { Name = "since", Description = "Start: an ISO 8601 time or a relative time such as -2h, -7d.", DefaultValue = "-24h" },
            new() { Name = "until", Description = "End: like --since.", DefaultValue = "now" },
            new() { Name = "level", Description = "Only signals of rules of at least this level.", AllowedValues = ["informational", "low", "medium", "high", "critical"] },
            new() { Name = "rule", Description = "Only signals of this rule id.", Repeatable = true }),
    };

    /// <inheritdoc />
    public Task<int> InvokeAsync(CommandInvocation invocation, CancellationToken cancellationToken) =>
        Task.FromResult(StoreAnswer.Answer(invocation, store =>
        {
            var since = CommandTime.Parse("--since", invocation.GetText("since") ?? "-24h");
            var until = CommandTime.Parse("--until", invocation.GetText("until") ?? "now");
            SigmaLevel? minimum = invocation.GetText("level") is { } text && LevelNames.TryParse(text, out var level) ? level : null;
            var ruleIds = invocation.GetTexts("rule").ToHashSet(StringComparer.OrdinalIgnoreCase);
            var limit = StoreAnswer.Limit(invocation);
            var records = new List<EventRecord>();
            foreach (var record in StoredHistory.Read(store, since, until, [SignalEvent.TypeName]))
            {
                if (minimum is { } min && !(record["signal.level"] is string l && LevelNames.TryParse(l, out var got) && got >= min)) continue;
                if (ruleIds.Count > 0 && !ruleIds.Contains(record["signal.rule_id"] as string ?? "")) continue;
                if (records.Count == limit) break;
                records.Add(record);
            }
            var rows = records.Select(Row).ToList();
            return new QueryResult(["time", "level", "rule", "event_type", "pid", "process", "user", "command_line", "process_guid", "rule_id"], rows,
                records.Count == limit ? $"showing the first {limit} signals; narrow the window or raise --limit" : null, records);
        }));

    private static object?[] Row(EventRecord r) =>
        [r["event.time"], r["signal.level"], r["signal.rule_title"], r["signal.event_type"], .. StoreAnswer.ProcessCells(r), r["signal.rule_id"]];
}

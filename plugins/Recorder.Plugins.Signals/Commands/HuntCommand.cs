using Recorder.Contracts.Commands;
using Recorder.Plugins.Signals.Mapping;
using Recorder.Plugins.Signals.Rules;
using Recorder.Plugins.Sinks.Sqlite.Queries;
using Recorder.Sigma;

namespace Recorder.Plugins.Signals.Commands;

/// <summary>
/// <c>recorder hunt &lt;rules&gt; [--since]</c>: runs Sigma rules over the stored history with the engine and field
/// mapping the live signals use, and lists each matched event with the rule that matched it.
/// </summary>
[Command("hunt", Placement = CommandPlacement.CliOnly)]
public sealed class HuntCommand : IRecorderCommand
{
    /// <inheritdoc />
    public CommandDescription Description { get; } = new()
    {
        Name = "hunt",
        Summary = "Run Sigma rules (a folder or a rule file) over the stored history; list the events they match.",
        Example = """
              $ recorder hunt /srv/sigma/rules/linux --since -7d
              time                          level   rule                          event_type     pid    process        user   command_line       process_guid  rule_id
              2026-12-01T09:12:44.0110000Z  medium  Crontab Enumeration           process.start  8812   /usr/bin/crontab alice crontab -l       …             403ed92c-…
              Rules that cannot run are listed on standard error as file:line:column: reason; the others run.
              With --format jsonl every row is the whole matched event with the rule's signal.* fields in front.
            """,
        Arguments = [new() { Name = "rules", Description = "A folder of Sigma rules (searched recursively) or one rule file.", Kind = CommandValueKind.Path }],
        Options = StoreAnswer.Options(
            new() { Name = "since", Description = "Start: an ISO 8601 time or a relative time such as -2h, -7d (default: the whole history)." },
            new() { Name = "until", Description = "End: like --since.", DefaultValue = "now" },
            new() { Name = "level", Description = "Only rules of at least this level.", AllowedValues = ["informational", "low", "medium", "high", "critical"] }),
    };

    /// <inheritdoc />
    public Task<int> InvokeAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var source = invocation.GetText("rules")!;
        if (!Directory.Exists(source) && !File.Exists(source))
            return Task.FromResult(StoreAnswer.Fail(invocation, $"{source}: no such rule folder or file"));
        SigmaLevel? minimum = invocation.GetText("level") is { } text && LevelNames.TryParse(text, out var level) ? level : null;
        var rules = RuleSet.Load([source], new SigmaRuleFilter { MinimumLevel = minimum });
        foreach (var problem in rules.Problems) invocation.Error.WriteLine("rule skipped: " + problem);
        invocation.Error.WriteLine($"{rules.Rules.Count} rules to run ({rules.Unsupported} unsupported, {rules.Errors} with errors, {rules.FilteredOut} below --level)");
        return Task.FromResult(StoreAnswer.Answer(invocation, store => Hunt(store, rules, invocation, cancellationToken)));
    }

    private static QueryResult Hunt(RecorderStore store, RuleSet rules, CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var since = invocation.GetText("since") is { } from ? CommandTime.Parse("--since", from) : DateTime.UnixEpoch;
        var until = CommandTime.Parse("--until", invocation.GetText("until") ?? "now");
        var limit = StoreAnswer.Limit(invocation);
        var evaluator = new SignalEvaluator();
        var found = new List<RuleMatch>();
        var records = new List<EventRecord>();
        var rows = new List<object?[]>();
        long evaluated = 0;
        foreach (var stored in StoredHistory.Read(store, since, until, SigmaCategories.EvaluatedTypes))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var fields = new StoredEventFields(stored);
            found.Clear();
            if (!evaluator.Evaluate(rules.Engine, fields, found)) continue;
            evaluated++;
            foreach (var match in found)
            {
                if (records.Count == limit) break;
                var record = new EventRecord
                {
                    { "signal.rule_id", match.Rule.Id },
                    { "signal.rule_title", match.Rule.Title },
                    { "signal.level", match.Rule.LevelText },
                    { "signal.status", match.Rule.Status },
                    { "signal.rule_file", match.Rule.SourceFile },
                    { "signal.logsource", match.LogSource.ToString() },
                };
                foreach (var (name, value) in stored) record.Add(name, value);
                records.Add(record);
                rows.Add([stored["event.time"], match.Rule.LevelText, match.Rule.Title, stored["event.type"], .. StoreAnswer.ProcessCells(stored), match.Rule.Id]);
            }
            if (records.Count == limit) break;
        }
        var note = records.Count == limit
            ? $"showing the first {limit} matches; narrow the window or raise --limit"
            : $"{records.Count} matches in {evaluated} events evaluated";
        return new QueryResult(["time", "level", "rule", "event_type", "pid", "process", "user", "command_line", "process_guid", "rule_id"], rows, note, records);
    }
}

using Recorder.Contracts.Commands;

namespace Recorder.Plugins.Sinks.Sqlite.Commands;

/// <summary><c>recorder query &lt;sql&gt;</c>: read-only SQL over the whole history.</summary>
[Command("query", Placement = CommandPlacement.CliOrRunningHost)]
public sealed class QueryCommand : IRecorderCommand
{
    /// <inheritdoc />
    public CommandDescription Description { get; } = new()
    {
        Name = "query",
        Summary = "Run read-only SQL over the whole history.",
        Arguments = [new() { Name = "sql", Description = "Read-only SQL over one view per event type (file_write, process_start, ...), `events` and `processes`." }],
        Options = StoreQuestion.Options(withLimit: false, wholeEvents: false),
    };

    /// <inheritdoc />
    public Task<int> InvokeAsync(CommandInvocation invocation, CancellationToken cancellationToken) =>
        Task.FromResult(StoreQuestion.Answer(invocation, store => store.Query(invocation.GetText("sql")!)));
}

using Recorder.Contracts.Commands;
using Recorder.Plugins.Sinks.Sqlite.Queries;

namespace Recorder.Plugins.Sinks.Sqlite.Commands;

/// <summary><c>recorder file &lt;path&gt;</c>: every process that touched a file, newest first.</summary>
[Command("file", Placement = CommandPlacement.CliOrRunningHost)]
public sealed class FileCommand : IRecorderCommand
{
    /// <inheritdoc />
    public CommandDescription Description { get; } = new()
    {
        Name = "file",
        Summary = "Every process that created, wrote, read, renamed, deleted or changed a file, newest first.",
        // Text, not Path: the path is the one recorded on this machine, not a file relative to where the command is typed.
        Arguments = [new() { Name = "path", Description = "The file path (as recorded: absolute). Bytes that are not UTF-8 as \\xNN, as tables show them." }],
        Options = StoreQuestion.Options(withLimit: true, QueryTime.Window()),
    };

    /// <inheritdoc />
    public Task<int> InvokeAsync(CommandInvocation invocation, CancellationToken cancellationToken) =>
        Task.FromResult(StoreQuestion.Answer(invocation, store => new StoreQueries(store).File(ByteEscapes.Parse(invocation.GetText("path")!), StoreQuestion.Limit(invocation),
            QueryTime.Optional(invocation, "since"), QueryTime.Optional(invocation, "until"))));
}

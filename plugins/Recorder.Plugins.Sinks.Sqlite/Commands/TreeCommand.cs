using Recorder.Contracts.Commands;
using Recorder.Plugins.Sinks.Sqlite.Queries;

namespace Recorder.Plugins.Sinks.Sqlite.Commands;

/// <summary><c>recorder tree &lt;process&gt;</c>: a process's ancestors and descendants. Exit code 3 when no single process matched.</summary>
[Command("tree", Placement = CommandPlacement.CliOrRunningHost)]
public sealed class TreeCommand : IRecorderCommand
{
    /// <summary>Exit code when no single process matched (the candidates, if any, were listed).</summary>
    public const int Ambiguous = 3;

    /// <inheritdoc />
    public CommandDescription Description { get; } = new()
    {
        Name = "tree",
        Summary = "A process's ancestors and descendants, with command lines and users.",
        Arguments = [new() { Name = "process", Description = "A process GUID, or a PID (with --at when the PID was reused)." }],
        Options = StoreQuestion.Options(withLimit: false,
            new CommandOption { Name = "at", Description = "For a PID: the moment to resolve it at (ISO 8601 or relative like -1h)." }),
    };

    /// <inheritdoc />
    public Task<int> InvokeAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var ambiguous = false;
        var code = StoreQuestion.Answer(invocation, store =>
        {
            var tree = new StoreQueries(store).Tree(invocation.GetText("process")!, QueryTime.Optional(invocation, "at"));
            ambiguous = tree.Root is null;
            return tree.ToResult();
        });
        return Task.FromResult(code == 0 && ambiguous ? Ambiguous : code);
    }
}

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
        Example = """
              $ recorder tree 1140457
              relation    pid      process                user   start_time                    command_line
              ancestor    1140453  /usr/bin/bash          alice  2026-05-09T19:40:33.1400000Z  -bash
              process     1140457    /usr/bin/dash        alice  2026-05-09T19:40:33.1800000Z  /bin/sh /usr/bin/lesspipe
              descendant  1140458      /usr/bin/basename  alice  2026-05-09T19:40:33.1800000Z  basename /usr/bin/lesspipe
            """,
        Summary = "A process's ancestors and descendants, with command lines and users.",
        Arguments = [new() { Name = "process", Description = "A process GUID, or a PID (with --at when the PID was reused)." }],
        Options = StoreQuestion.Options(withLimit: false, wholeEvents: true,
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

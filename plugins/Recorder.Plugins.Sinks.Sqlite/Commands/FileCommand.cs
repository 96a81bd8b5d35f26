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
        Example = """
              $ recorder file /srv/files/created.txt
              time                          type         path                      details                                  pid    process        command_line
              2026-11-24T22:55:33.8590000Z  file.rename  /srv/files/renamed.txt    file.old_path=/srv/files/created.txt     30003  /usr/bin/mv    mv created.txt renamed.txt
              2026-11-24T22:55:33.8510000Z  file.create  /srv/files/created.txt                                             30002  /usr/bin/dash  /bin/sh -c "echo hi > created.txt"
            """,
        // Text, not Path: the path is the one recorded on this machine, not a file relative to where the command is typed.
        Arguments = [new() { Name = "path", Description = "The file path (as recorded: absolute). Bytes that are not UTF-8 as \\xNN, as tables show them." }],
        Options = StoreQuestion.Options(withLimit: true, wholeEvents: true, QueryTime.Window()),
    };

    /// <inheritdoc />
    public Task<int> InvokeAsync(CommandInvocation invocation, CancellationToken cancellationToken) =>
        Task.FromResult(StoreQuestion.Answer(invocation, store => new StoreQueries(store).File(ByteEscapes.Parse(invocation.GetText("path")!), StoreQuestion.Limit(invocation),
            QueryTime.Optional(invocation, "since"), QueryTime.Optional(invocation, "until"))));
}

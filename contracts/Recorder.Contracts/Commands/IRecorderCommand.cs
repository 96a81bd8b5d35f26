namespace Recorder.Contracts.Commands;

/// <summary>
/// A command a plugin adds to the <c>recorder</c> command line, in the spirit of <c>kubectl</c> plugins and
/// <c>dotnet</c> tools, but typed: the plugin describes its arguments and options as data
/// (<see cref="Description"/>), the command line parses and checks them and builds <c>--help</c>, and the plugin gets
/// the parsed values in a <see cref="CommandInvocation"/>. No command-line library is shared with the host.
/// </summary>
public interface IRecorderCommand
{
    /// <summary>Name, summary, arguments, options and subcommands. Read once per process; keep it constant.</summary>
    CommandDescription Description { get; }

    /// <summary>
    /// Runs the command with the values the user gave (defaults filled in) and returns the exit code: 0 done,
    /// 1 refused or failed, 2 bad input; other codes as the command documents. Write results to
    /// <see cref="CommandInvocation.Output"/> and messages to <see cref="CommandInvocation.Error"/>, never to the
    /// console: inside the running recorder both are captured and sent back to the CLI. The running recorder may
    /// run several invocations of the same instance at once: keep per-run state in locals, not fields.
    /// </summary>
    Task<int> InvokeAsync(CommandInvocation invocation, CancellationToken cancellationToken);
}

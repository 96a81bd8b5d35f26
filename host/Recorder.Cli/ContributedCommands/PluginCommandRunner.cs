using System.CommandLine;
using Recorder.Contracts.Commands;
using Recorder.Contracts.Plugins;
using Recorder.Host.Commands;
using Recorder.Host.Configuration;
using Recorder.Host.Diagnostics;

namespace Recorder.Cli.ContributedCommands;

/// <summary>
/// Runs a plugin command the user typed: in the running recorder of the data folder when the command may run there
/// (and <c>--local</c> was not given), otherwise here, with the plugin verified and loaded for this question.
/// </summary>
internal sealed class PluginCommandRunner(HostConfiguration configuration)
{
    public async Task<int> RunAsync(LoadedCommand command, IReadOnlyList<string> path, IReadOnlyDictionary<string, string[]> values, bool local,
        ParseResult parseResult, CancellationToken cancellationToken)
    {
        var stdout = parseResult.InvocationConfiguration.Output;
        var stderr = parseResult.InvocationConfiguration.Error;
        if (command.Part.Placement == CommandPlacement.CliOrRunningHost && !local
            && await RunningRecorder.TryInvokeAsync(configuration.ControlSocketPath, new InvokeRequest(path, values), stderr).ConfigureAwait(false) is { } answer)
        {
            await stdout.WriteAsync(answer.Stdout).ConfigureAwait(false);
            await stderr.WriteAsync(answer.Stderr).ConfigureAwait(false);
            return answer.ExitCode;
        }

        var invocation = new CommandInvocation(path, values.ToDictionary(v => v.Key, v => (IReadOnlyList<string>)v.Value, StringComparer.Ordinal))
        {
            Output = stdout,
            Error = stderr,
            Input = Console.In,
            HostDataDirectory = configuration.DataDirectory,
            ConfigurationSource = configuration.Source,
            Settings = PluginSettings.For(configuration, command.PluginId),
            Replay = new HostEventReplay(configuration, new HostLog(stderr)),
        };
        try
        {
            return await command.Part.Command.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (PluginOptionsException ex)
        {
            stderr.WriteLine($"recorder {string.Join(' ', path)}: {invocation.Settings.Source}: {ex.Message}");
            return 2;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            stderr.WriteLine($"recorder {string.Join(' ', path)}: failed in plugin {command.Provider}: {ex.GetType().Name}: {ex.Message}");
            return 1;
        }
    }
}

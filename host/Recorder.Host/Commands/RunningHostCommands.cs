using System.Text.Json;
using Recorder.Contracts.Commands;
using Recorder.Host.Runtime;
using Recorder.Host.Status;

namespace Recorder.Host.Commands;

/// <summary>
/// Answers the control socket's <c>invoke</c> request: runs a plugin command inside the running recorder, with the
/// plugin version it has loaded (the one writing the data), and sends back the exit code and what the command wrote.
/// Only commands exported with <see cref="CommandPlacement.CliOrRunningHost"/> run here. Each run counts in status
/// (<c>commands &lt;name&gt;.invocations</c>).
/// </summary>
public static class RunningHostCommands
{
    /// <summary>Runs the request (<c>invoke</c>'s JSON) and returns an <see cref="InvokeAnswer"/>, or <c>{error}</c> when it cannot run.</summary>
    public static async Task<object> InvokeAsync(RecorderHost host, string requestJson, CancellationToken cancellationToken)
    {
        InvokeRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<InvokeRequest>(requestJson, ControlJson.Options);
        }
        catch (JsonException ex)
        {
            return new { error = $"invoke: the request is not valid JSON: {ex.Message}" };
        }
        if (request?.Path is not { Count: > 0 } path) return new { error = "invoke: the request names no command" };

        var name = path[0];
        var found = host.Plugins.SelectMany(p => p.Assembly.Commands.Select(c => (Plugin: p, Part: c))).FirstOrDefault(x => x.Part.Name == name);
        if (found.Part is null) return new { error = $"no plugin loaded in the running recorder provides the command '{name}'" };
        if (found.Part.Placement != CommandPlacement.CliOrRunningHost) return new { error = $"'{name}' runs in the command line only, not in the running recorder" };
        if (CommandCatalog.Find(found.Part.Command.Description, path) is null) return new { error = $"'{string.Join(' ', path)}' is not a command of {found.Plugin.Id}" };

        var values = (request.Values ?? new Dictionary<string, string[]>()).ToDictionary(v => v.Key, v => (IReadOnlyList<string>)(v.Value ?? []), StringComparer.Ordinal);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var invocation = new CommandInvocation(path, values)
        {
            Output = stdout,
            Error = stderr,
            HostDataDirectory = host.Configuration.DataDirectory,
            ConfigurationSource = host.Configuration.Source,
            Settings = PluginSettings.For(host.Configuration, found.Plugin.Id),
            InRunningHost = true,
        };
        host.Status.Counter("commands", name + ".invocations").Increment();
        int exitCode;
        try
        {
            exitCode = await found.Part.Command.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            host.Log.Error("commands", $"command '{string.Join(' ', path)}' of {found.Plugin.Id} failed", ex);
            stderr.WriteLine($"recorder {string.Join(' ', path)}: failed in the running recorder: {ex.GetType().Name}: {ex.Message}");
            exitCode = 1;
        }
        var provider = $"{found.Plugin.Id} {found.Plugin.Version} (sequence {found.Plugin.Sequence}) in the running recorder, pid {Environment.ProcessId}";
        return new InvokeAnswer(exitCode, stdout.ToString(), stderr.ToString(), provider);
    }
}

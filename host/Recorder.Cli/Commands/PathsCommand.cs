using System.CommandLine;
using Recorder.Host.Configuration;

namespace Recorder.Cli.Commands;

/// <summary>
/// `recorder paths`: which folders this recorder uses and why (a checkout because its binaries are inside one or
/// RECORDER_CHECKOUT says so, or the installed layout), after --config and --data-dir.
/// </summary>
internal static class PathsCommand
{
    public static Command Create(HostOptions hostOptions)
    {
        var command = new Command("paths", "Show the folders this recorder uses (data, plugins, trust store, subscriptions, control socket) and why.");
        command.SetAction(parseResult =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            HostLayout layout;
            try
            {
                layout = HostLayout.Detect();
            }
            catch (ConfigurationException e)
            {
                stderr.WriteLine($"recorder: configuration error: {e.Message}");
                return 2;
            }
            var configuration = hostOptions.Load(parseResult);
            if (configuration is null) return 2;
            stdout.WriteLine($"layout             {layout.ChosenBy}");
            stdout.WriteLine($"config             {configuration.Source}");
            stdout.WriteLine($"data_dir           {configuration.DataDirectory}");
            stdout.WriteLine($"plugin_dirs        {string.Join(", ", configuration.PluginDirectories)}");
            stdout.WriteLine($"trust_store        {configuration.TrustStoreDirectory}");
            stdout.WriteLine($"subscription_dirs  {string.Join(", ", configuration.SubscriptionDirectories)}");
            stdout.WriteLine($"control_socket     {configuration.ControlSocketPath}");
            return 0;
        });
        return command;
    }
}

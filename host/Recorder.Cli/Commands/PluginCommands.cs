using System.CommandLine;

namespace Recorder.Cli.Commands;

/// <summary>`recorder plugin sign|verify` and `recorder plugins list`.</summary>
internal static class PluginCommands
{
    public static Command CreatePlugin()
    {
        var command = new Command("plugin", "Sign and verify plugin folders.");
        return command;
    }

    public static Command CreatePlugins()
    {
        var command = new Command("plugins", "List plugins.");
        return command;
    }
}

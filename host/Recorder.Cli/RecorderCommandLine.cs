using System.CommandLine;
using Recorder.Cli.Commands;

namespace Recorder.Cli;

/// <summary>The `recorder` command tree. Each area keeps its commands in its own file under Commands/.</summary>
public static class RecorderCommandLine
{
    /// <summary>Builds the root command.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand("Recorder: an endpoint flight recorder that keeps a queryable history of what happens on this machine.");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(StatusCommand.Create());
        root.Subcommands.Add(PathsCommand.Create());
        root.Subcommands.Add(KeysCommands.Create());
        root.Subcommands.Add(PluginCommands.CreatePlugin());
        root.Subcommands.Add(PluginCommands.CreatePlugins());
        root.Subcommands.Add(SubscriptionCommands.Create());
        foreach (var command in QueryCommands.Create()) root.Subcommands.Add(command);
        root.Subcommands.Add(RulesCommands.Create());
        root.Subcommands.Add(ReplayCommand.Create());
        return root;
    }

    /// <summary>Parses and runs; returns the exit code.</summary>
    public static int Run(string[] args) => Build().Parse(args).Invoke();
}

using System.CommandLine;
using Recorder.Cli.Commands;
using Recorder.Cli.ContributedCommands;

namespace Recorder.Cli;

/// <summary>
/// The `recorder` command tree. Each built-in area keeps its commands in its own file under Commands/; commands that
/// belong to a plugin (query, timeline, tree, file, net from the SQLite sink; rules and replay from the Linux audit
/// collector) come from the verified, loaded plugin (ContributedCommands/).
/// </summary>
public static class RecorderCommandLine
{
    /// <summary>Builds the root command with the built-in commands only.</summary>
    public static RootCommand Build() => Build(new HostOptions());

    private static RootCommand Build(HostOptions hostOptions)
    {
        var root = new RootCommand("Recorder: an endpoint flight recorder that keeps a queryable history of what happens on this machine.");
        hostOptions.AddTo(root);
        root.Subcommands.Add(RunCommand.Create(hostOptions));
        root.Subcommands.Add(StatusCommand.Create(hostOptions));
        root.Subcommands.Add(WatchCommand.Create(hostOptions));
        root.Subcommands.Add(PathsCommand.Create(hostOptions));
        root.Subcommands.Add(KeysCommands.Create());
        root.Subcommands.Add(PluginCommands.CreatePlugin(hostOptions));
        root.Subcommands.Add(PluginCommands.CreatePlugins(hostOptions));
        root.Subcommands.Add(SubscriptionCommands.Create());
        root.Subcommands.Add(ImportCommand.Create(hostOptions));
        return root;
    }

    /// <summary>Parses and runs; returns the exit code. Plugins are verified and loaded only for a command no built-in answers.</summary>
    public static int Run(string[] args)
    {
        var hostOptions = new HostOptions();
        var root = Build(hostOptions);
        if (!PluginCommandDiscovery.IsNeeded(root, args, hostOptions)) return root.Parse(args).Invoke(Invocation);
        using var plugins = PluginCommandDiscovery.AddPluginCommands(root, args, hostOptions, Console.Error);
        return root.Parse(args).Invoke(Invocation);
    }

    // System.CommandLine's own SIGTERM handling ends the process 2 s after the signal (exit 143), cutting a clean stop
    // short. `recorder run` handles SIGTERM and SIGINT itself and stops within drain_timeout_s; other commands end
    // on the default signal disposition.
    private static InvocationConfiguration Invocation => new() { ProcessTerminationTimeout = null };
}

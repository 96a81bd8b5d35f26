using System.CommandLine;
using Recorder.Cli.Commands;
using Recorder.Host.Commands;
using Recorder.Trust;

namespace Recorder.Cli.ContributedCommands;

/// <summary>
/// Finds the commands plugins contribute, only when the command line needs them: the first word is not a built-in
/// command, or help was asked for. The built-in commands (run, status, keys, plugin, plugins, subscriptions) never
/// pay for verifying and loading plugins.
/// </summary>
internal static class PluginCommandDiscovery
{
    private static readonly HashSet<string> HelpTokens = new(StringComparer.Ordinal) { "-h", "--help", "-?", "/h", "/?" };

    /// <summary>True when <paramref name="args"/> name no built-in command of <paramref name="root"/> (or ask for help).</summary>
    public static bool IsNeeded(RootCommand root, IReadOnlyList<string> args, HostOptions hostOptions)
    {
        var rootOptions = hostOptions.Config.Aliases.Append(hostOptions.Config.Name).Concat(hostOptions.DataDir.Aliases).Append(hostOptions.DataDir.Name).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var token = args[i];
            if (rootOptions.Contains(token)) { i++; continue; }
            if (token.StartsWith('-') && token.Contains('=', StringComparison.Ordinal) && rootOptions.Contains(token[..token.IndexOf('=', StringComparison.Ordinal)])) continue;
            if (token.StartsWith('-') || token.StartsWith('[')) return HelpTokens.Contains(token);
            return !root.Subcommands.Any(c => c.Name == token || c.Aliases.Contains(token));
        }
        return true; // no command at all: help is shown, with the plugins' commands
    }

    /// <summary>
    /// Verifies and loads the plugins of the configuration <paramref name="args"/> name and adds their commands to
    /// <paramref name="root"/>; refusals and ignored commands are written to <paramref name="error"/> with the reason.
    /// Returns the loaded plugins (dispose after the command ran), or null when none could be loaded.
    /// </summary>
    public static PluginsForQuestion? AddPluginCommands(RootCommand root, IReadOnlyList<string> args, HostOptions hostOptions, TextWriter error)
    {
        var configuration = HostOptions.Load(ValueOf(args, hostOptions.Config), ValueOf(args, hostOptions.DataDir), error);
        if (configuration is null) return null;
        PluginsForQuestion plugins;
        try
        {
            plugins = PluginsForQuestion.Load(configuration);
        }
        catch (Exception ex) when (ex is TrustStoreException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"recorder: plugin commands are unavailable: {ex.Message}");
            return null;
        }
        foreach (var refused in plugins.Refused)
            error.WriteLine($"recorder: {refused.Message}; its commands are unavailable");
        var problems = new List<string>();
        var builtIns = root.Subcommands.SelectMany(c => c.Aliases.Append(c.Name)).ToHashSet(StringComparer.Ordinal);
        var runner = new PluginCommandRunner(configuration);
        var help = HelpWithExamples.InstallOn(root);
        foreach (var command in CommandCatalog.Select(plugins.Commands, builtIns, problems))
        {
            var built = PluginCommandBuilder.Build(command, runner);
            root.Subcommands.Add(built);
            if (command.Part.Command.Description.Example is { } example) help?.Add(built, example);
        }
        foreach (var problem in problems) error.WriteLine("recorder: " + problem);
        return plugins;
    }

    /// <summary>The value of a root option anywhere on the line (<c>--config x</c> or <c>--config=x</c>), before parsing.</summary>
    private static string? ValueOf(IReadOnlyList<string> args, Option option)
    {
        var names = option.Aliases.Append(option.Name).ToHashSet(StringComparer.Ordinal);
        string? value = null;
        for (var i = 0; i < args.Count; i++)
        {
            var equals = args[i].IndexOf('=', StringComparison.Ordinal);
            if (names.Contains(args[i]) && i + 1 < args.Count) value = args[++i];
            else if (equals > 0 && names.Contains(args[i][..equals])) value = args[i][(equals + 1)..];
        }
        return value;
    }
}

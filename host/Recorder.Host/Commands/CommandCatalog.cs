using System.Text.RegularExpressions;
using Recorder.Contracts.Commands;

namespace Recorder.Host.Commands;

/// <summary>
/// Decides which plugin commands the command line offers: one command per name, never a built-in name, and only
/// commands whose description can be turned into a command line. Everything left out is reported with the reason.
/// </summary>
public static partial class CommandCatalog
{
    /// <summary>Options the command line adds to every command itself; a plugin may not declare them.</summary>
    public static readonly IReadOnlySet<string> ReservedOptionNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "config", "data-dir", "data", "local", "help", "h", "version",
    };

    /// <summary>Keeps the first valid command of each name (in plugin folder order); the rest become problems.</summary>
    public static IReadOnlyList<LoadedCommand> Select(IEnumerable<LoadedCommand> candidates, IReadOnlySet<string> builtInNames, ICollection<string> problems)
    {
        var chosen = new Dictionary<string, LoadedCommand>(StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            var problem = Check(candidate, builtInNames)
                ?? (chosen.TryGetValue(candidate.Name, out var first) ? $"{first.Provider} already provides it" : null);
            if (problem is not null)
            {
                problems.Add($"command '{candidate.Name}' of plugin {candidate.Provider} ignored: {problem}");
                continue;
            }
            chosen[candidate.Name] = candidate;
        }
        return chosen.Values.ToArray();
    }

    private static string? Check(LoadedCommand candidate, IReadOnlySet<string> builtInNames)
    {
        if (builtInNames.Contains(candidate.Name)) return "that is a built-in command";
        CommandDescription description;
        try
        {
            description = candidate.Part.Command.Description;
        }
        catch (Exception ex)
        {
            return $"its description failed: {ex.GetType().Name}: {ex.Message}";
        }
        if (description.Name != candidate.Name)
            return $"its description is named '{description.Name}', its export '{candidate.Name}'";
        return CheckDescription(description, candidate.Name);
    }

    private static string? CheckDescription(CommandDescription description, string path)
    {
        if (!WordPattern().IsMatch(description.Name)) return $"'{path}' is not a command word (lower-case letters, digits and '-')";
        if (description.Subcommands.Count > 0 && (description.Arguments.Count > 0 || description.Options.Count > 0))
            return $"'{path}' has subcommands and also arguments or options of its own";
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var parameter in description.Arguments.Concat<CommandParameter>(description.Options))
        {
            if (!WordPattern().IsMatch(parameter.Name)) return $"'{path}': '{parameter.Name}' is not a parameter name (lower-case letters, digits and '-')";
            if (!names.Add(parameter.Name)) return $"'{path}': '{parameter.Name}' is declared twice";
            if (parameter is CommandOption && ReservedOptionNames.Contains(parameter.Name)) return $"'{path}': --{parameter.Name} belongs to the command line itself";
            if (parameter is CommandArgument && parameter.Kind == CommandValueKind.Flag) return $"'{path}': argument '{parameter.Name}' cannot be a flag";
            if (parameter.Kind == CommandValueKind.Integer && parameter.DefaultValue is { } number && !long.TryParse(number, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _))
                return $"'{path}': the default of '{parameter.Name}' ('{number}') is not a whole number";
        }
        var repeatableArgument = description.Arguments.Take(description.Arguments.Count - 1).FirstOrDefault(a => a.Repeatable);
        if (repeatableArgument is not null) return $"'{path}': only the last argument may be repeatable ('{repeatableArgument.Name}' is not last)";
        var subcommands = new HashSet<string>(StringComparer.Ordinal);
        foreach (var subcommand in description.Subcommands)
        {
            if (!subcommands.Add(subcommand.Name)) return $"'{path}': subcommand '{subcommand.Name}' is declared twice";
            if (CheckDescription(subcommand, path + " " + subcommand.Name) is { } problem) return problem;
        }
        return null;
    }

    /// <summary>The description of the (sub)command <paramref name="path"/> names, or null when it names none.</summary>
    public static CommandDescription? Find(CommandDescription root, IReadOnlyList<string> path)
    {
        if (path.Count == 0 || path[0] != root.Name) return null;
        var current = root;
        foreach (var word in path.Skip(1))
        {
            current = current.Subcommands.FirstOrDefault(s => s.Name == word);
            if (current is null) return null;
        }
        return current;
    }

    [GeneratedRegex("^[a-z][a-z0-9-]*$")]
    private static partial Regex WordPattern();
}

using System.CommandLine;
using System.Globalization;
using Recorder.Contracts.Commands;
using Recorder.Host.Commands;

namespace Recorder.Cli.ContributedCommands;

/// <summary>
/// Turns a plugin's <see cref="CommandDescription"/> into a System.CommandLine command: typed, checked arguments and
/// options with their defaults and allowed values (so <c>--help</c> and parse errors look like the built-in
/// commands'), <c>--local</c> for commands that may run in the running recorder, and an action that collects the
/// values as text for the plugin.
/// </summary>
internal static class PluginCommandBuilder
{
    /// <summary>Reads one parameter's values, as text, from a parse result.</summary>
    private delegate string[] ValueReader(ParseResult parseResult);

    public static Command Build(LoadedCommand command, PluginCommandRunner runner)
    {
        var description = command.Part.Command.Description;
        var built = Build(description, [description.Name], command, runner);
        built.Description = $"{description.Summary} [plugin {command.PluginId}]";
        return built;
    }

    private static Command Build(CommandDescription description, string[] path, LoadedCommand command, PluginCommandRunner runner)
    {
        var built = new Command(description.Name, description.Summary);
        foreach (var subcommand in description.Subcommands)
            built.Subcommands.Add(Build(subcommand, [.. path, subcommand.Name], command, runner));
        if (description.Subcommands.Count > 0) return built; // a group: System.CommandLine asks for one of its subcommands

        var readers = new Dictionary<string, ValueReader>(StringComparer.Ordinal);
        foreach (var argument in description.Arguments) readers[argument.Name] = AddArgument(built, argument);
        foreach (var option in description.Options) readers[option.Name] = AddOption(built, option);
        Option<bool>? local = null;
        if (command.Part.Placement == CommandPlacement.CliOrRunningHost)
        {
            local = new Option<bool>("--local") { Description = "Answer here, with the plugin verified and loaded for this question, even when a recorder is running." };
            built.Options.Add(local);
        }
        built.SetAction((parseResult, cancellationToken) =>
        {
            var values = new Dictionary<string, string[]>(StringComparer.Ordinal);
            foreach (var (name, read) in readers)
                if (read(parseResult) is { Length: > 0 } given) values[name] = given;
            return runner.RunAsync(command, path, values, local is not null && parseResult.GetValue(local), parseResult, cancellationToken);
        });
        return built;
    }

    private static ValueReader AddArgument(Command command, CommandArgument parameter)
    {
        var arity = (parameter.Required, parameter.Repeatable) switch
        {
            (true, true) => ArgumentArity.OneOrMore,
            (true, false) => ArgumentArity.ExactlyOne,
            (false, true) => ArgumentArity.ZeroOrMore,
            (false, false) => ArgumentArity.ZeroOrOne,
        };
        if (parameter.Kind == CommandValueKind.Integer)
        {
            if (parameter.Repeatable)
            {
                var numbers = new Argument<long[]>(parameter.Name) { Description = parameter.Description, Arity = arity };
                if (parameter.DefaultValue is { } first) numbers.DefaultValueFactory = _ => [ParseDefault(parameter, first)];
                command.Arguments.Add(numbers);
                return parse => Texts(parse.GetValue(numbers));
            }
            var number = new Argument<long?>(parameter.Name) { Description = parameter.Description, Arity = arity };
            if (parameter.DefaultValue is { } value) number.DefaultValueFactory = _ => ParseDefault(parameter, value);
            command.Arguments.Add(number);
            return parse => Texts(parse.GetValue(number) is { } n ? [n] : null);
        }
        if (parameter.Repeatable)
        {
            var texts = new Argument<string[]>(parameter.Name) { Description = parameter.Description, Arity = arity };
            if (parameter.DefaultValue is { } first) texts.DefaultValueFactory = _ => [first];
            if (parameter.AllowedValues is { Count: > 0 } allowed) texts.AcceptOnlyFromAmong([.. allowed]);
            command.Arguments.Add(texts);
            return parse => Resolve(parameter, parse.GetValue(texts));
        }
        var text = new Argument<string?>(parameter.Name) { Description = parameter.Description, Arity = arity };
        if (parameter.DefaultValue is { } given) text.DefaultValueFactory = _ => given;
        if (parameter.AllowedValues is { Count: > 0 } values) text.AcceptOnlyFromAmong([.. values]);
        command.Arguments.Add(text);
        return parse => Resolve(parameter, parse.GetValue(text) is { } t ? [t] : null);
    }

    private static ValueReader AddOption(Command command, CommandOption parameter)
    {
        var name = "--" + parameter.Name;
        switch (parameter.Kind, parameter.Repeatable)
        {
            case (CommandValueKind.Flag, _):
            {
                var flag = new Option<bool>(name) { Description = parameter.Description };
                command.Options.Add(flag);
                return parse => parse.GetValue(flag) ? ["true"] : [];
            }
            case (CommandValueKind.Integer, true):
            {
                var numbers = new Option<long[]>(name) { Description = parameter.Description, Required = parameter.Required, AllowMultipleArgumentsPerToken = true };
                if (parameter.DefaultValue is { } first) numbers.DefaultValueFactory = _ => [ParseDefault(parameter, first)];
                command.Options.Add(numbers);
                return parse => Texts(parse.GetValue(numbers));
            }
            case (CommandValueKind.Integer, false):
            {
                var number = new Option<long?>(name) { Description = parameter.Description, Required = parameter.Required };
                if (parameter.DefaultValue is { } value) number.DefaultValueFactory = _ => ParseDefault(parameter, value);
                command.Options.Add(number);
                return parse => Texts(parse.GetValue(number) is { } n ? [n] : null);
            }
            case (_, true):
            {
                var texts = new Option<string[]>(name) { Description = parameter.Description, Required = parameter.Required, AllowMultipleArgumentsPerToken = true };
                if (parameter.DefaultValue is { } first) texts.DefaultValueFactory = _ => [first];
                if (parameter.AllowedValues is { Count: > 0 } allowed) texts.AcceptOnlyFromAmong([.. allowed]);
                command.Options.Add(texts);
                return parse => Resolve(parameter, parse.GetValue(texts));
            }
            default:
            {
                var text = new Option<string?>(name) { Description = parameter.Description, Required = parameter.Required };
                if (parameter.DefaultValue is { } given) text.DefaultValueFactory = _ => given;
                if (parameter.AllowedValues is { Count: > 0 } values) text.AcceptOnlyFromAmong([.. values]);
                command.Options.Add(text);
                return parse => Resolve(parameter, parse.GetValue(text) is { } t ? [t] : null);
            }
        }
    }

    private static string[] Texts(long[]? numbers) => (numbers ?? []).Select(n => n.ToString(CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Paths become absolute here, so that they mean the same inside the running recorder; <c>-</c> stays standard input.</summary>
    private static string[] Resolve(CommandParameter parameter, string[]? values) =>
        parameter.Kind == CommandValueKind.Path
            ? (values ?? []).Select(v => v == "-" ? v : Path.GetFullPath(v)).ToArray()
            : values ?? [];

    private static long ParseDefault(CommandParameter parameter, string text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidOperationException($"parameter '{parameter.Name}': default '{text}' is not a whole number");
}

namespace Recorder.Contracts.Commands;

/// <summary>
/// What a command looks like on the command line: the command line builds parsing, checking and <c>--help</c>
/// from it. A command either runs itself (arguments and options) or only groups <see cref="Subcommands"/>
/// (such as <c>rules register|get|remove|check</c>); <see cref="CommandInvocation.Path"/> tells which one was typed.
/// </summary>
public sealed class CommandDescription
{
    /// <summary>The word typed: lower-case letters, digits and '-'.</summary>
    public required string Name { get; init; }
    /// <summary>One sentence for <c>--help</c>.</summary>
    public required string Summary { get; init; }
    /// <summary>Positional arguments, in order.</summary>
    public IReadOnlyList<CommandArgument> Arguments { get; init; } = [];
    /// <summary>Options (<c>--name value</c>). <c>--config</c>, <c>--data-dir</c> and <c>--local</c> are the command line's own.</summary>
    public IReadOnlyList<CommandOption> Options { get; init; } = [];
    /// <summary>Subcommands; a command with subcommands has no arguments or options of its own.</summary>
    public IReadOnlyList<CommandDescription> Subcommands { get; init; } = [];
    /// <summary>An example of the command and of what it answers (a few lines), shown by <c>--help</c> after the summary.</summary>
    public string? Example { get; init; }
}

/// <summary>How a value is typed and checked before the command sees it.</summary>
public enum CommandValueKind
{
    /// <summary>Any text.</summary>
    Text,
    /// <summary>A whole number (read with <see cref="CommandInvocation.GetInteger"/>).</summary>
    Integer,
    /// <summary>An option without a value: present or not (read with <see cref="CommandInvocation.GetFlag"/>).</summary>
    Flag,
    /// <summary>
    /// A file or folder path. The command line makes it absolute against the directory it was typed in, so that
    /// it means the same inside the running recorder; <c>-</c> (standard input) is kept as it is.
    /// </summary>
    Path,
}

/// <summary>What arguments and options have in common.</summary>
public abstract class CommandParameter
{
    /// <summary>The name: for an option without the leading <c>--</c> (<c>since</c> is typed <c>--since</c>).</summary>
    public required string Name { get; init; }
    /// <summary>One sentence for <c>--help</c>.</summary>
    public required string Description { get; init; }
    /// <summary>How the value is typed.</summary>
    public CommandValueKind Kind { get; init; } = CommandValueKind.Text;
    /// <summary>The user must give it (arguments: default true).</summary>
    public abstract bool Required { get; init; }
    /// <summary>The value used when the user gives none, as typed on the command line.</summary>
    public string? DefaultValue { get; init; }
    /// <summary>May be given more than once (<c>--type a --type b</c>, or several trailing arguments).</summary>
    public bool Repeatable { get; init; }
    /// <summary>When set, only these values are accepted (the command line refuses others and lists these).</summary>
    public IReadOnlyList<string>? AllowedValues { get; init; }
}

/// <summary>A positional argument.</summary>
public sealed class CommandArgument : CommandParameter
{
    /// <inheritdoc />
    public override bool Required { get; init; } = true;
}

/// <summary>An option, typed <c>--name value</c> (or <c>--name</c> alone for a <see cref="CommandValueKind.Flag"/>).</summary>
public sealed class CommandOption : CommandParameter
{
    /// <inheritdoc />
    public override bool Required { get; init; }

    /// <summary>
    /// The one <c>--format</c> every command that prints events or rows offers: <c>table</c> (people), <c>jsonl</c>
    /// (one JSON object per line) or <c>csv</c> (RFC 4180 with a header row); default <c>table</c>.
    /// </summary>
    public static CommandOption OutputFormat() => new()
    {
        Name = "format",
        Description = "Output: table, jsonl or csv.",
        DefaultValue = OutputFormats.Table,
        AllowedValues = [OutputFormats.Table, OutputFormats.Jsonl, OutputFormats.Csv],
    };
}

/// <summary>The values of <see cref="CommandOption.OutputFormat"/>.</summary>
public static class OutputFormats
{
    /// <summary>Aligned columns for people.</summary>
    public const string Table = "table";
    /// <summary>One JSON object per line, keys are the column names.</summary>
    public const string Jsonl = "jsonl";
    /// <summary>RFC 4180 CSV with a header row.</summary>
    public const string Csv = "csv";
    /// <summary>One Elastic Common Schema document per line (commands whose answers are whole events).</summary>
    public const string Ecs = "ecs";
}

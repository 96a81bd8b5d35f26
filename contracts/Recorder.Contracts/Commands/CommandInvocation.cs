using System.Globalization;
using Recorder.Contracts.Plugins;

namespace Recorder.Contracts.Commands;

/// <summary>
/// One run of a plugin command: the values the user gave (checked against the <see cref="CommandDescription"/>,
/// defaults filled in), where to write, and what the host provides. Built by the command line, or by the running
/// recorder when the command runs there.
/// </summary>
public sealed class CommandInvocation
{
    private readonly IReadOnlyDictionary<string, IReadOnlyList<string>> _values;

    /// <summary>Creates an invocation; <paramref name="values"/> maps a parameter name to the values given, as text.</summary>
    public CommandInvocation(IReadOnlyList<string> path, IReadOnlyDictionary<string, IReadOnlyList<string>> values)
    {
        Path = path;
        _values = values;
    }

    /// <summary>The words that chose the command: <c>["timeline"]</c>, or <c>["rules", "register"]</c> for a subcommand.</summary>
    public IReadOnlyList<string> Path { get; }
    /// <summary>Every value given or defaulted, by parameter name (paths already absolute).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Values => _values;

    /// <summary>Standard output: results.</summary>
    public required TextWriter Output { get; init; }
    /// <summary>Standard error: messages, notes, refusals.</summary>
    public required TextWriter Error { get; init; }
    /// <summary>Standard input in the CLI; empty inside the running recorder.</summary>
    public TextReader Input { get; init; } = TextReader.Null;

    /// <summary>The host's data folder (<c>--data-dir</c>, the configuration's <c>data_dir</c>, or the default).</summary>
    public required string HostDataDirectory { get; init; }
    /// <summary>Where the host configuration came from (a file, or "embedded defaults"), for messages.</summary>
    public required string ConfigurationSource { get; init; }
    /// <summary>The plugin's own settings (<c>plugins: &lt;id&gt;:</c> in the host configuration).</summary>
    public required IPluginOptions Settings { get; init; }
    /// <summary>True when the command runs inside the running recorder (through its control socket).</summary>
    public bool InRunningHost { get; init; }
    /// <summary>
    /// Feeds events through the host's enrichers and routing into the subscriptions' sinks. Given to commands that
    /// run in the CLI only; null inside the running recorder.
    /// </summary>
    public IEventReplay? Replay { get; init; }

    /// <summary>True when the user gave the parameter or it has a default.</summary>
    public bool Has(string name) => _values.TryGetValue(name, out var given) && given.Count > 0;

    /// <summary>The (last) value of a text or path parameter, or null when it has none.</summary>
    public string? GetText(string name) => _values.TryGetValue(name, out var given) && given.Count > 0 ? given[^1] : null;

    /// <summary>Every value of a repeatable parameter, in the order given (empty when none).</summary>
    public IReadOnlyList<string> GetTexts(string name) => _values.TryGetValue(name, out var given) ? given : [];

    /// <summary>The value of an integer parameter, or null when it has none.</summary>
    /// <exception cref="FormatException">The value is not a whole number (the command line checks this before).</exception>
    public long? GetInteger(string name) => GetText(name) is { } text
        ? long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"--{name}: '{text}' is not a whole number")
        : null;

    /// <summary>True when a flag was given.</summary>
    public bool GetFlag(string name) => GetText(name) is { } text && bool.TryParse(text, out var value) && value;
}

using System.CommandLine;

namespace Recorder.Trust;

/// <summary>
/// The manifest values `recorder plugin sign` and `bundle` accept (and the signing tool's `bundle`, which is the same
/// command); values not given are filled in from the plugin folder.
/// </summary>
public sealed class ManifestDraftOptions
{
    private readonly Option<string?> _id = new("--id") { Description = "Plugin id, lower-case dotted (e.g. acme.sinks.archive)." };
    private readonly Option<string?> _version = new("--version") { Description = "Semantic version, e.g. 1.2.0." };
    private readonly Option<ulong?> _sequence = new("--sequence") { Description = "Release sequence; must increase with every release (default: previous + 1, at least the UTC time as yyyyMMddHHmmss)." };
    private readonly Option<string[]> _kinds = new("--kind") { Description = "collector, enricher or sink (repeat, or separate with ',' or ';', for several).", AllowMultipleArgumentsPerToken = true };
    private readonly Option<string[]> _os = new("--os") { Description = "linux, windows, macos or any (default any).", AllowMultipleArgumentsPerToken = true };
    private readonly Option<string?> _entry = new("--entry") { Description = "Entry assembly file name (default: the one beside the *.deps.json)." };
    private readonly Option<string?> _contracts = new("--contracts") { Description = "Contracts version built against (default: read from the entry assembly)." };

    public void AddTo(Command command)
    {
        command.Options.Add(_id);
        command.Options.Add(_version);
        command.Options.Add(_sequence);
        command.Options.Add(_kinds);
        command.Options.Add(_os);
        command.Options.Add(_entry);
        command.Options.Add(_contracts);
    }

    /// <exception cref="CommandUsageException">A value is malformed; the message names the option.</exception>
    public ManifestDraftOverrides Read(ParseResult parseResult)
    {
        Version? contracts = null;
        if (parseResult.GetValue(_contracts) is { } text && !PluginManifestReader.TryParseContractsVersion(text, out contracts))
            throw new CommandUsageException($"--contracts '{text}' is not a version such as 1.0.0");
        return new ManifestDraftOverrides
        {
            Id = parseResult.GetValue(_id),
            Version = parseResult.GetValue(_version),
            Sequence = parseResult.GetValue(_sequence),
            Kinds = Names<PluginKind>(parseResult.GetValue(_kinds), "--kind", PluginKinds.TryParse),
            OperatingSystems = Names<PluginOperatingSystem>(parseResult.GetValue(_os), "--os", PluginOperatingSystems.TryParse),
            EntryAssembly = parseResult.GetValue(_entry),
            ContractsVersion = contracts,
        };
    }

    private static List<T>? Names<T>(string[]? values, string option, NameList.Parser<T> parse)
    {
        try
        {
            return NameList.Parse(values, option, parse);
        }
        catch (FormatException e)
        {
            throw new CommandUsageException(e.Message);
        }
    }
}

using Recorder.Contracts.Plugins;
using Recorder.Sigma;

namespace Recorder.Plugins.Signals.Rules;

/// <summary>
/// The plugin's settings (<c>plugins: recorder.signals:</c> in the host configuration): where rules come from and which
/// of them run.
/// </summary>
public sealed class SignalsSettings
{
    /// <summary><c>rule_folders</c>: folders (searched recursively for *.yml, *.yaml) or single rule files; relative paths are under the host's data folder.</summary>
    public List<string> RuleFolders { get; set; } = [];
    /// <summary><c>shipped_rules</c>: also run the curated rules shipped inside the plugin (default true).</summary>
    public bool ShippedRules { get; set; } = true;
    /// <summary><c>statuses</c>: run only rules with one of these statuses (default: any).</summary>
    public List<string> Statuses { get; set; } = [];
    /// <summary><c>min_level</c>: run only rules of at least this level (informational, low, medium, high, critical).</summary>
    public string? MinLevel { get; set; }
    /// <summary><c>tags</c>: run only rules with at least one of these tags.</summary>
    public List<string> Tags { get; set; } = [];

    /// <summary>The folder of the rules shipped in the plugin bundle (signed with it).</summary>
    public static string ShippedRulesFolder => Path.Combine(Path.GetDirectoryName(typeof(SignalsSettings).Assembly.Location)!, "rules");

    /// <summary>Checks the values; throws <see cref="PluginOptionsException"/> naming the bad one.</summary>
    public SigmaRuleFilter Filter()
    {
        SigmaLevel? level = null;
        if (!string.IsNullOrWhiteSpace(MinLevel))
        {
            if (!LevelNames.TryParse(MinLevel, out var parsed))
                throw new PluginOptionsException("min_level", $"'{MinLevel}' is not one of informational, low, medium, high, critical");
            level = parsed;
        }
        foreach (var status in Statuses)
            if (status.ToLowerInvariant() is not ("stable" or "test" or "experimental" or "deprecated" or "unsupported"))
                throw new PluginOptionsException("statuses", $"'{status}' is not one of stable, test, experimental, deprecated, unsupported");
        return new SigmaRuleFilter { Statuses = Statuses, MinimumLevel = level, Tags = Tags };
    }

    /// <summary>Every rule source, shipped rules first, relative paths made absolute.</summary>
    public IReadOnlyList<string> Sources(string hostDataDirectory)
    {
        var sources = new List<string>();
        if (ShippedRules) sources.Add(ShippedRulesFolder);
        foreach (var folder in RuleFolders)
        {
            if (string.IsNullOrWhiteSpace(folder)) throw new PluginOptionsException("rule_folders", "an entry is empty; name a folder or a rule file");
            sources.Add(Path.GetFullPath(Path.Combine(hostDataDirectory, folder)));
        }
        return sources;
    }
}

/// <summary>Sigma levels by name.</summary>
internal static class LevelNames
{
    public static bool TryParse(string text, out SigmaLevel level) =>
        Enum.TryParse(text.Trim(), ignoreCase: true, out level) && level != SigmaLevel.Unknown && Enum.IsDefined(level);
}

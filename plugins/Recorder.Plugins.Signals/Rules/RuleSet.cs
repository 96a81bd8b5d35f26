using Recorder.Sigma;

namespace Recorder.Plugins.Signals.Rules;

/// <summary>
/// The rules loaded from every source, compiled into one engine, with every rule that could not be (a problem naming
/// file:line:column). Immutable: a reload builds a new set and swaps it whole.
/// </summary>
internal sealed class RuleSet
{
    private RuleSet(SigmaEngine engine, IReadOnlyList<SigmaRuleProblem> problems, int filteredOut, IReadOnlyList<string> sources)
    {
        Engine = engine;
        Problems = problems;
        FilteredOut = filteredOut;
        Sources = sources;
    }

    public SigmaEngine Engine { get; }
    public IReadOnlyList<SigmaRule> Rules => Engine.Rules;
    /// <summary>Rules that could not be compiled: malformed (no construct) or using a construct the engine lacks.</summary>
    public IReadOnlyList<SigmaRuleProblem> Problems { get; }
    /// <summary>Rules compiled but left out by statuses, min_level or tags.</summary>
    public int FilteredOut { get; }
    public IReadOnlyList<string> Sources { get; }
    public int Unsupported => Problems.Count(p => p.Construct is not null);
    public int Errors => Problems.Count(p => p.Construct is null);

    public static RuleSet Empty { get; } = new(SigmaEngine.Build([]), [], 0, []);

    /// <summary>Loads every source (a folder, searched recursively, or one rule file); a missing source is a problem too.</summary>
    public static RuleSet Load(IReadOnlyList<string> sources, SigmaRuleFilter? filter)
    {
        var rules = new List<SigmaRule>();
        var problems = new List<SigmaRuleProblem>();
        var filteredOut = 0;
        foreach (var source in sources)
        {
            SigmaLoadResult result;
            if (Directory.Exists(source)) result = SigmaRuleLoader.LoadFolder(source, filter);
            else if (File.Exists(source)) result = SigmaRuleLoader.LoadFile(source, filter);
            else
            {
                problems.Add(new SigmaRuleProblem(source, 0, 0, null, null, null, "no such rule folder or file"));
                continue;
            }
            rules.AddRange(result.Rules);
            problems.AddRange(result.Problems);
            filteredOut += result.FilteredOut;
        }
        return new RuleSet(SigmaEngine.Build(rules), problems, filteredOut, sources);
    }
}

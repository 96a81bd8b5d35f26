namespace Recorder.Sigma.Tests.Support;

/// <summary>Small rules written in a test, compiled, and matched through both the indexed engine and the naive path.</summary>
public static class RuleText
{
    public static readonly SigmaLogSourceKey ProcessCreation = new("process_creation", "windows");

    /// <summary>A whole rule around <paramref name="detection"/> (YAML lines of the detection map, unindented).</summary>
    public static string Wrap(string detection, string logsource = "category: process_creation\n    product: windows") =>
        $"""
         title: Test rule
         id: 00000000-0000-0000-0000-000000000001
         status: test
         level: high
         tags:
           - attack.execution
         logsource:
             {logsource}
         detection:
         {Indent(detection)}
         """;

    public static SigmaRule Compile(string detection)
    {
        var result = SigmaRuleLoader.LoadText(Wrap(detection), "test.yml");
        Assert.True(result.Problems.Count == 0, string.Join("\n", result.Problems));
        return Assert.Single(result.Rules);
    }

    public static SigmaRuleProblem Problem(string detection)
    {
        var result = SigmaRuleLoader.LoadText(Wrap(detection), "test.yml");
        Assert.Empty(result.Rules);
        return Assert.Single(result.Problems);
    }

    /// <summary>Whether the rule matches the event; the indexed engine and the naive evaluator must agree.</summary>
    public static bool Matches(SigmaRule rule, TestEvent e)
    {
        var engine = SigmaEngine.Build([rule]);
        var indexed = new List<SigmaRule>();
        var naive = new List<SigmaRule>();
        engine.Match(ProcessCreation, e, indexed);
        engine.NaiveMatch(ProcessCreation, e, naive);
        Assert.True(indexed.Count == naive.Count, $"indexed {indexed.Count} vs naive {naive.Count} on {e}");
        return naive.Count == 1;
    }

    public static bool Matches(string detection, TestEvent e) => Matches(Compile(detection), e);

    private static string Indent(string text) =>
        string.Join("\n", text.Trim('\n').Split('\n').Select(line => "    " + line));
}

using YamlDotNet.RepresentationModel;

namespace Recorder.Sigma.Tests.Support;

/// <summary>SigmaHQ's regression cases: per folder an info.yml naming the rule, and the JSON of the recorded event(s).</summary>
public static class RegressionCases
{
    public sealed record Case(string Folder, string RuleId, string RuleTitle, IReadOnlyList<TestEvent> Events);

    public static IReadOnlyList<Case> Load(string regressionData)
    {
        var cases = new List<Case>();
        foreach (var info in Directory.EnumerateFiles(regressionData, "info.yml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var yaml = new YamlStream();
            yaml.Load(new StringReader(File.ReadAllText(info)));
            var metadata = (YamlSequenceNode)((YamlMappingNode)yaml.Documents[0].RootNode)["rule_metadata"];
            var rule = (YamlMappingNode)metadata[0];
            var ruleId = ((YamlScalarNode)rule["id"]).Value!;
            var folder = Path.GetDirectoryName(info)!;
            var json = Path.Combine(folder, ruleId + ".json");
            cases.Add(new Case(folder, ruleId, ((YamlScalarNode)rule["title"]).Value ?? "", WindowsEventJson.Read(json)));
        }
        return cases;
    }
}

using Recorder.Sigma.Detection;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Recorder.Sigma.Loading;

/// <summary>One rule document into a <see cref="SigmaRule"/>, or the <see cref="SigmaRuleProblem"/> that stops it.</summary>
internal static class RuleCompiler
{
    public readonly record struct Result(SigmaRule? Rule, SigmaRuleProblem? Problem);

    public static Result Compile(YamlMappingNode? document, Mark start, string sourceName)
    {
        if (document is null) return Problem(sourceName, start, null, null, null, "the document is not a map of rule fields");
        var id = RuleDocuments.Scalar(document, "id");
        var title = RuleDocuments.Scalar(document, "title");
        try
        {
            if (Child(document, "correlation") is { } correlation)
                throw new SigmaCompileException("correlation rules relate the matches of other rules over time", correlation.Start, "correlation rule");
            if (Child(document, "filter") is { } metaFilter && Child(document, "detection") is null)
                throw new SigmaCompileException("filter rules amend other rules", metaFilter.Start, "filter rule");
            if (string.IsNullOrWhiteSpace(title)) throw new SigmaCompileException("the rule has no title", start);
            var detection = Child(document, "detection") as YamlMappingNode
                            ?? throw new SigmaCompileException("the rule has no detection map", Child(document, "detection")?.Start ?? start);
            var metadata = new SigmaRuleMetadata(
                id ?? "", title, RuleDocuments.Scalar(document, "status"), RuleDocuments.Scalar(document, "level"),
                Strings(document, "tags"), RuleDocuments.Scalar(document, "description"), Author(document),
                Strings(document, "references"), Strings(document, "falsepositives"), sourceName, (int)start.Line);
            return new Result(new SigmaRule(metadata, LogSource(document), DetectionCompiler.Compile(detection)), null);
        }
        catch (SigmaCompileException e)
        {
            return Problem(sourceName, e.At ?? start, id, title, e.Construct, e.Message);
        }
        catch (Exception e) when (e is InvalidCastException or ArgumentException or InvalidOperationException)
        {
            return Problem(sourceName, start, id, title, null, "the rule is not valid: " + e.Message);
        }
    }

    private static Result Problem(string file, Mark at, string? id, string? title, string? construct, string message) =>
        new(null, new SigmaRuleProblem(file, (int)at.Line, (int)at.Column, id, title, construct, message));

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    private static SigmaLogSource LogSource(YamlMappingNode document)
    {
        if (Child(document, "logsource") is not YamlMappingNode logsource) return new SigmaLogSource(null, null, null);
        string? Part(string key) => RuleDocuments.Scalar(logsource, key) is { Length: > 0 } value ? value.Trim() : null;
        return new SigmaLogSource(Part("category"), Part("product"), Part("service"), Part("definition"));
    }

    private static IReadOnlyList<string> Strings(YamlMappingNode document, string key) => Child(document, key) switch
    {
        YamlSequenceNode list => list.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "").ToArray(),
        YamlScalarNode { Value: { Length: > 0 } value } => [value],
        _ => [],
    };

    private static string? Author(YamlMappingNode document) =>
        Strings(document, "author") is { Count: > 0 } authors ? string.Join(", ", authors) : null;
}

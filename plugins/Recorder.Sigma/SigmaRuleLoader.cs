using Recorder.Sigma.Detection;
using Recorder.Sigma.Loading;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Recorder.Sigma;

/// <summary>
/// Reads Sigma rules from YAML and compiles them. Never throws for a bad rule: each rule that cannot run (malformed
/// YAML, a missing part, an unsupported construct) becomes a <see cref="SigmaRuleProblem"/> naming file:line:column,
/// and the other rules keep loading.
/// </summary>
public static class SigmaRuleLoader
{
    /// <summary>
    /// Every <c>*.yml</c>/<c>*.yaml</c> file under <paramref name="folder"/> (recursively, in ordinal path order),
    /// narrowed by <paramref name="filter"/>.
    /// </summary>
    public static SigmaLoadResult LoadFolder(string folder, SigmaRuleFilter? filter = null)
    {
        var files = Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        return Combine(files.Select(file => LoadFile(file, filter)));
    }

    /// <summary>One rule file (which may hold several YAML documents).</summary>
    public static SigmaLoadResult LoadFile(string path, SigmaRuleFilter? filter = null)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException e)
        {
            return new SigmaLoadResult([], [new SigmaRuleProblem(path, 0, 0, null, null, null, e.Message)]);
        }
        return LoadText(text, path, filter);
    }

    /// <summary>Rules from YAML text; <paramref name="sourceName"/> is the file name used in problems.</summary>
    public static SigmaLoadResult LoadText(string yaml, string sourceName, SigmaRuleFilter? filter = null)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            var message = e.InnerException is { } inner ? $"{e.Message} {inner.Message}" : e.Message;
            return new SigmaLoadResult([], [new SigmaRuleProblem(sourceName, (int)e.Start.Line, (int)e.Start.Column, null, null, null,
                "malformed YAML: " + StripMarks(message))]);
        }
        var rules = new List<SigmaRule>();
        var problems = new List<SigmaRuleProblem>();
        var filteredOut = 0;
        foreach (var (document, start) in RuleDocuments.Expand(stream.Documents))
        {
            var result = RuleCompiler.Compile(document, start, sourceName);
            if (result.Problem is { } problem) problems.Add(problem);
            else if (filter is null || filter.Includes(result.Rule!)) rules.Add(result.Rule!);
            else filteredOut++;
        }
        return new SigmaLoadResult(rules, problems) { FilteredOut = filteredOut };
    }

    /// <summary>Several load results as one (rule sets from several folders).</summary>
    public static SigmaLoadResult Combine(IEnumerable<SigmaLoadResult> results)
    {
        var rules = new List<SigmaRule>();
        var problems = new List<SigmaRuleProblem>();
        var filteredOut = 0;
        foreach (var result in results)
        {
            rules.AddRange(result.Rules);
            problems.AddRange(result.Problems);
            filteredOut += result.FilteredOut;
        }
        return new SigmaLoadResult(rules, problems) { FilteredOut = filteredOut };
    }

    /// <summary>YamlDotNet prefixes its messages with "(Line: 3, Col: 5, Idx: ...) - (...): ", which the problem says already.</summary>
    private static string StripMarks(string message)
    {
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line", StringComparison.Ordinal) && cut >= 0 ? message[(cut + 3)..] : message;
    }
}

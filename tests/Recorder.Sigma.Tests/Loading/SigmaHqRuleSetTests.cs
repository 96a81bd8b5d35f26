using Xunit.Abstractions;
using YamlDotNet.RepresentationModel;

namespace Recorder.Sigma.Tests.Loading;

/// <summary>
/// Every SigmaHQ rule in the shared data is either compiled or listed as a problem with the construct it lacks:
/// none is lost, and nearly all rules of the categories Recorder produces compile.
/// </summary>
public sealed class SigmaHqRuleSetTests(ITestOutputHelper output)
{
    /// <summary>Logsource categories Recorder maps events to, and the Linux/macOS rule folders: ≥ 99 % must compile.</summary>
    private static readonly string[] RecordedCategories =
        ["process_creation", "file_event", "file_delete", "network_connection", "dns_query", "image_load", "driver_load"];

    [Fact]
    public void Every_rule_is_compiled_or_listed_with_its_construct()
    {
        var totalRules = 0;
        var compiledInScope = 0;
        var rulesInScope = 0;
        var constructs = new Dictionary<string, int>();
        foreach (var (name, folder) in SigmaRuleFolders.All)
        {
            var files = Directory.EnumerateFiles(folder, "*.yml", SearchOption.AllDirectories).ToList();
            var expected = files.Sum(CountRuleDocuments);
            var result = SigmaRuleLoader.LoadFolder(folder);
            Assert.Equal(expected, result.Rules.Count + result.Problems.Count);
            totalRules += expected;
            output.WriteLine($"{name,-24} files {files.Count,5}  rules {expected,5}  compiled {result.Rules.Count,5}  not compiled {result.Problems.Count,4}");
            foreach (var problem in result.Problems)
            {
                Assert.True(problem.Line > 0 && problem.Column > 0, problem.ToString());
                Assert.StartsWith(folder, problem.File);
                var key = problem.Construct ?? "invalid rule";
                constructs[key] = constructs.GetValueOrDefault(key) + 1;
                output.WriteLine("    " + problem);
            }
            foreach (var rule in result.Rules.Where(InScope))
            {
                rulesInScope++;
                compiledInScope++;
            }
            rulesInScope += result.Problems.Count(p => InScope(p.File));
        }
        output.WriteLine("");
        output.WriteLine("not compiled, by construct:");
        foreach (var (construct, count) in constructs.OrderByDescending(c => c.Value))
            output.WriteLine($"    {count,4}  {construct}");
        output.WriteLine($"in the recorded categories and Linux/macOS: {compiledInScope} of {rulesInScope} compiled");
        Assert.True(totalRules > 3000, $"only {totalRules} rules found under {SigmaRuleFolders.Sigma}");
        Assert.True(compiledInScope >= rulesInScope * 0.99, $"{compiledInScope} of {rulesInScope} compiled");
    }

    private static bool InScope(SigmaRule rule) => InScope(rule.SourceFile);

    /// <summary>By folder: SigmaHQ files each rule under its category's folder (registry_* included).</summary>
    private static bool InScope(string file)
    {
        var parts = file.Split(Path.DirectorySeparatorChar);
        return parts.Contains("linux") || parts.Contains("macos")
               || parts.Any(p => RecordedCategories.Contains(p) || p.StartsWith("registry_", StringComparison.Ordinal));
    }

    /// <summary>Rule documents in a file, counted independently of the loader: every document except action: global/reset.</summary>
    private static int CountRuleDocuments(string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(File.ReadAllText(file)));
        }
        catch (YamlDotNet.Core.YamlException)
        {
            return 1; // a malformed file is one problem
        }
        return stream.Documents.Count(d => d.RootNode is not YamlMappingNode map
                                           || !map.Children.TryGetValue(new YamlScalarNode("action"), out var action)
                                           || action is not YamlScalarNode { Value: "global" or "reset" });
    }
}

using System.Text.RegularExpressions;
using Recorder.Tests.Shared;
using static Recorder.Host.Tests.Subscriptions.TestSchemas;

namespace Recorder.Host.Tests.Subscriptions;

/// <summary>The examples in docs/subscriptions.md parse as the document says they do.</summary>
public sealed class DocumentationExampleTests
{
    private static IEnumerable<string> YamlExamples() =>
        Regex.Matches(File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "subscriptions.md")), "```yaml\n(.*?)```", RegexOptions.Singleline)
            .Select(m => m.Groups[1].Value)
            .Where(yaml => yaml.StartsWith("module:", StringComparison.Ordinal));

    [Fact]
    public void Every_complete_example_is_valid_except_the_one_showing_errors()
    {
        var examples = YamlExamples().ToArray();
        Assert.True(examples.Length >= 4, "examples not found in docs/subscriptions.md");
        foreach (var yaml in examples)
        {
            var file = Parser().ParseText(yaml, "example.yaml");
            if (file.Module == "web") Assert.Equal(5, file.Errors.Count); // the deliberately broken example
            else Assert.True(file.IsValid, $"{yaml}\n{string.Join("\n", file.Errors)}");
        }
    }

    [Fact]
    public void The_sudo_fragment_is_valid_in_a_module()
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "subscriptions.md"));
        var fragment = Regex.Match(text, "```yaml\n(    events: \\[privilege.change\\].*?)```", RegexOptions.Singleline).Groups[1].Value;
        Assert.NotEmpty(fragment);
        var file = Parser().ParseText($"module: m\nsubscriptions:\n  - name: s\n    sink: journal\n{fragment}", "fragment.yaml");
        Assert.True(file.IsValid, string.Join("\n", file.Errors));
    }
}

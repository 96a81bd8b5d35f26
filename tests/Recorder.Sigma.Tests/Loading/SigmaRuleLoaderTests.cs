using Recorder.Sigma.Tests.Support;

namespace Recorder.Sigma.Tests.Loading;

/// <summary>Reading rule files: metadata, problems at file:line:column, multi-document files, filters.</summary>
public sealed class SigmaRuleLoaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sigma-loader-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_rule_keeps_its_metadata_and_logsource()
    {
        var rule = Assert.Single(SigmaRuleLoader.LoadText("""
            title: Whoami Execution
            id: e28a5a99-da44-436d-b7a0-2afc20a5f413
            status: test
            description: Detects whoami
            references:
                - https://example.org/whoami
            author: Someone, Someone Else
            tags:
                - attack.discovery
                - attack.t1033
            logsource:
                category: process_creation
                product: windows
            detection:
                selection:
                    Image|endswith: '\whoami.exe'
                condition: selection
            falsepositives:
                - Admin activity
            level: medium
            """, "whoami.yml").Rules);
        Assert.Equal("e28a5a99-da44-436d-b7a0-2afc20a5f413", rule.Id);
        Assert.Equal("Whoami Execution", rule.Title);
        Assert.Equal("test", rule.Status);
        Assert.Equal(SigmaLevel.Medium, rule.Level);
        Assert.Equal(["attack.discovery", "attack.t1033"], rule.Tags);
        Assert.Equal("Someone, Someone Else", rule.Author);
        Assert.Equal(["https://example.org/whoami"], rule.References);
        Assert.Equal(["Admin activity"], rule.Falsepositives);
        Assert.Equal(new SigmaLogSource("process_creation", "windows", null), rule.LogSource);
        Assert.Equal("whoami.yml", rule.SourceFile);
    }

    [Fact]
    public void Malformed_yaml_is_reported_at_file_line_column_and_the_other_files_still_load()
    {
        File.WriteAllText(Path.Combine(_folder, "a_good.yml"), RuleText.Wrap("sel:\n    Image: 'x'\ncondition: sel"));
        File.WriteAllText(Path.Combine(_folder, "b_bad.yml"), "title: Broken\nid: 1\ndetection:\n    sel:\n        Image: 'x\n    condition: sel\n");
        File.WriteAllText(Path.Combine(_folder, "c_bad_indent.yml"), "title: Broken\ndetection:\n  sel:\n    A: 1\n   B: 2\n");

        var result = SigmaRuleLoader.LoadFolder(_folder);

        Assert.Single(result.Rules);
        Assert.Equal(2, result.Problems.Count);
        var quote = result.Problems[0];
        Assert.EndsWith("b_bad.yml", quote.File);
        Assert.Equal((5, 16), (quote.Line, quote.Column));
        Assert.StartsWith($"{quote.File}:5:16: malformed YAML", quote.ToString());
        var indent = result.Problems[1];
        Assert.EndsWith("c_bad_indent.yml", indent.File);
        Assert.Equal(5, indent.Line);
    }

    [Fact]
    public void A_problem_in_the_detection_points_at_the_value()
    {
        var problem = Assert.Single(SigmaRuleLoader.LoadText("""
            title: Uses expand
            id: 11111111-1111-1111-1111-111111111111
            logsource:
                product: windows
            detection:
                selection:
                    Path|expand: '%AppData%\x.exe'
                condition: selection
            """, "expand.yml").Problems);
        Assert.Equal(("expand.yml", 7, 22), (problem.File, problem.Line, problem.Column));
        Assert.Equal("11111111-1111-1111-1111-111111111111", problem.RuleId);
        Assert.Equal("Uses expand", problem.Title);
        Assert.Equal("modifier 'expand'", problem.Construct);
    }

    [Fact]
    public void Correlation_rules_and_rules_without_detection_are_listed()
    {
        var correlation = Assert.Single(SigmaRuleLoader.LoadText("""
            title: Many failed logons
            id: 22222222-2222-2222-2222-222222222222
            correlation:
                type: event_count
                rules:
                    - failed_logon
                group-by:
                    - User
                timespan: 5m
                condition:
                    gte: 10
            """, "corr.yml").Problems);
        Assert.Equal("correlation rule", correlation.Construct);
        Assert.Equal((4, 5), (correlation.Line, correlation.Column)); // its correlation map

        var noDetection = Assert.Single(SigmaRuleLoader.LoadText("title: Nothing\nlogsource:\n    product: linux\n", "x.yml").Problems);
        Assert.Contains("no detection", noDetection.Message);
    }

    [Fact]
    public void Multi_document_files_merge_action_global_and_repeat()
    {
        var result = SigmaRuleLoader.LoadText("""
            action: global
            title: Shared title
            status: test
            detection:
                condition: selection
            ---
            id: 33333333-0000-0000-0000-000000000001
            logsource:
                product: windows
            detection:
                selection:
                    Image: 'a.exe'
            ---
            action: repeat
            id: 33333333-0000-0000-0000-000000000002
            detection:
                selection:
                    Image: 'b.exe'
            """, "multi.yml");
        Assert.Empty(result.Problems);
        Assert.Equal(2, result.Rules.Count);
        Assert.All(result.Rules, r => Assert.Equal("Shared title", r.Title));
        Assert.All(result.Rules, r => Assert.Equal("windows", r.LogSource.Product));
        Assert.True(result.Rules[0].Matches(new TestEvent(("Image", "A.EXE"))));
        Assert.True(result.Rules[1].Matches(new TestEvent(("Image", "b.exe"))));
        Assert.False(result.Rules[1].Matches(new TestEvent(("Image", "a.exe"))));
    }

    [Fact]
    public void A_filter_narrows_by_status_minimum_level_and_tags()
    {
        static string Rule(string id, string status, string level, string tag) =>
            $"title: {id}\nid: {id}\nstatus: {status}\nlevel: {level}\ntags:\n    - {tag}\nlogsource:\n    product: linux\n" +
            "detection:\n    sel:\n        Image: 'x'\n    condition: sel\n";
        File.WriteAllText(Path.Combine(_folder, "r1.yml"), Rule("r1", "stable", "critical", "attack.execution"));
        File.WriteAllText(Path.Combine(_folder, "r2.yml"), Rule("r2", "experimental", "high", "attack.persistence"));
        File.WriteAllText(Path.Combine(_folder, "r3.yaml"), Rule("r3", "test", "low", "attack.execution"));

        string[] Ids(SigmaRuleFilter filter) => SigmaRuleLoader.LoadFolder(_folder, filter).Rules.Select(r => r.Id).ToArray();

        Assert.Equal(["r1", "r3"], Ids(new SigmaRuleFilter { Statuses = ["stable", "TEST"] }));
        Assert.Equal(["r1", "r2"], Ids(new SigmaRuleFilter { MinimumLevel = SigmaLevel.High }));
        Assert.Equal(["r2"], Ids(new SigmaRuleFilter { Tags = ["attack.persistence"] }));
        var narrowed = SigmaRuleLoader.LoadFolder(_folder, new SigmaRuleFilter { MinimumLevel = SigmaLevel.Critical });
        Assert.Equal(2, narrowed.FilteredOut);
    }
}

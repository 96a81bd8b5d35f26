using Recorder.Plugins.Signals.Rules;
using Recorder.Plugins.Signals.Tests.Support;

namespace Recorder.Plugins.Signals.Tests;

/// <summary>Rule folders as operators keep them: a bad rule is reported file:line:column and skipped, a change is picked up.</summary>
public sealed class RuleSetHostTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("recorder-sigma-rules-").FullName;
    private readonly FakePluginServices _services;

    public RuleSetHostTests() => _services = new FakePluginServices(_folder);

    [Fact]
    public void A_bad_rule_is_reported_with_file_line_and_column_in_status_and_the_log_while_the_others_load()
    {
        File.WriteAllText(Path.Combine(_folder, "good.yml"), TestRules.ImageEndsWith("8d0c1b7a-0000-4000-8000-000000000001", "Good", "/true"));
        File.WriteAllText(Path.Combine(_folder, "bad.yml"), TestRules.BadModifierOnLine10);
        using var host = new RuleSetHost(new SignalsSettings { ShippedRules = false, RuleFolders = [_folder] }, _folder, _services);
        host.Start();

        Assert.Equal(["8d0c1b7a-0000-4000-8000-000000000001"], host.Current.Rules.Select(r => r.Id));
        var problem = Assert.Single(host.Current.Problems);
        Assert.StartsWith(Path.Combine(_folder, "bad.yml") + ":10:", problem.ToString());
        Assert.Matches(@"bad\.yml:10:\d+: ", _services.Status["rule_problem.1"]);
        Assert.Equal("1", _services.Status["rules.loaded"]);
        Assert.Contains(_services.Logs, l => l.Contains("bad.yml:10:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_new_rule_file_is_loaded_and_a_fixed_one_leaves_no_stale_problem()
    {
        File.WriteAllText(Path.Combine(_folder, "bad.yml"), TestRules.BadModifierOnLine10);
        using var host = new RuleSetHost(new SignalsSettings { ShippedRules = false, RuleFolders = [_folder] }, _folder, _services);
        host.Start();
        Assert.Empty(host.Current.Rules);

        File.WriteAllText(Path.Combine(_folder, "bad.yml"), TestRules.ImageEndsWith("8d0c1b7a-0000-4000-8000-000000000002", "Fixed", "/true"));
        File.WriteAllText(Path.Combine(_folder, "new.yml"), TestRules.ImageEndsWith("8d0c1b7a-0000-4000-8000-000000000003", "New", "/false"));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (host.Current.Rules.Count < 2 && DateTime.UtcNow < deadline) await Task.Delay(50);

        Assert.Equal(2, host.Current.Rules.Count);
        Assert.Empty(host.Current.Problems);
        Assert.Equal("-", _services.Status["rule_problem.1"]);
        Assert.Equal("0", _services.Status["rules.errors"]);
    }

    [Fact]
    public void The_shipped_rules_load_and_a_missing_folder_is_a_problem_not_a_crash()
    {
        var missing = Path.Combine(_folder, "nope");
        using var host = new RuleSetHost(new SignalsSettings { RuleFolders = [missing] }, _folder, _services);
        host.Start();
        Assert.Equal(5, host.Current.Rules.Count);
        Assert.Contains(host.Current.Problems, p => p.File == missing);
    }

    [Fact]
    public void A_bad_min_level_is_refused_naming_the_option()
    {
        var error = Assert.Throws<Recorder.Contracts.Plugins.PluginOptionsException>(() => new SignalsSettings { MinLevel = "severe" }.Filter());
        Assert.Equal("min_level", error.Option);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

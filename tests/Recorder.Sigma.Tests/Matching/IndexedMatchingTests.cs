using Recorder.Sigma.Tests.Support;
using Xunit.Abstractions;

namespace Recorder.Sigma.Tests.Matching;

/// <summary>
/// The indexed engine gives exactly the naive evaluator's answer (every rule against every event) over SigmaHQ's
/// rules and varied events, and the regression records fire their rules.
/// </summary>
public sealed class IndexedMatchingTests(ITestOutputHelper output)
{
    private static readonly Lazy<IReadOnlyList<SigmaRule>> AllRules = new(() =>
        SigmaRuleLoader.Combine(SigmaRuleFolders.All.Select(f => SigmaRuleLoader.LoadFolder(f.Path))).Rules);

    public static TheoryData<string?, string?, string?> LogSources => new()
    {
        { "process_creation", "windows", null },
        { "process_creation", "linux", null },
        { "process_creation", "macos", null },
        { "file_event", "windows", null },
        { "registry_set", "windows", null },
        { "network_connection", "windows", null },
        { "dns_query", "windows", null },
        { "image_load", "windows", null },
        { null, "linux", "auditd" },
        { "ps_script", "windows", null },
    };

    [Theory]
    [MemberData(nameof(LogSources))]
    public void Indexed_engine_and_naive_evaluator_agree_on_every_event(string? category, string? product, string? service)
    {
        var source = new SigmaLogSourceKey(category, product, service);
        var engine = SigmaEngine.Build(AllRules.Value);
        var rules = engine.RulesFor(source);
        Assert.NotEmpty(rules);
        var indexed = new List<SigmaRule>();
        var naive = new List<SigmaRule>();
        var fired = new HashSet<SigmaRule>();
        var events = 0;
        var totalCandidates = 0L;
        foreach (var e in SyntheticEvents.For(rules, seed: 18, perRule: 2))
        {
            indexed.Clear();
            naive.Clear();
            engine.Match(source, e, indexed);
            engine.NaiveMatch(source, e, naive);
            Assert.True(naive.SequenceEqual(indexed),
                $"on {e}: naive [{string.Join(", ", naive.Select(r => r.Id))}] indexed [{string.Join(", ", indexed.Select(r => r.Id))}]");
            fired.UnionWith(naive);
            totalCandidates += naive.Count;
            events++;
        }
        var (ruleCount, always, fieldsIndexed) = engine.Describe(source);
        output.WriteLine($"{source}: {ruleCount} rules ({always} without anchors), fields indexed: {string.Join(", ", fieldsIndexed)}");
        output.WriteLine($"{events} events, {totalCandidates} matches, {fired.Count} distinct rules fired");
        Assert.True(fired.Count >= rules.Count / 2, $"only {fired.Count} of {rules.Count} rules fired on events made from them");
    }

    [Fact]
    public void A_keyword_selection_is_indexed_and_still_fires_on_the_keyword_in_any_field_in_any_case()
    {
        // Like SigmaHQ's NotPetya rule: a keyword list beside field selections, any of which fires the rule.
        var rule = RuleText.Compile("""
            selection_perfc_keyword:
                - '\perfc.dat'
            selection_rundll32:
                Image|endswith: '\rundll32.exe'
                CommandLine|contains: '.dat,#1'
            condition: 1 of selection_*
            """);
        var engine = SigmaEngine.Build([rule]);
        var (_, always, fields) = engine.Describe(RuleText.ProcessCreation);
        Assert.Equal(0, always);
        Assert.Contains("(keywords)", fields);

        Assert.True(RuleText.Matches(rule, new TestEvent(("Image", @"C:\Windows\System32\cmd.exe"), ("CommandLine", @"copy x C:\Windows\PERFC.DAT"))));
        Assert.True(RuleText.Matches(rule, new TestEvent(("Image", @"C:\x.exe"), ("ParentCommandLine", @"run C:\Windows\perfc.dat now"))));
        Assert.True(RuleText.Matches(rule, new TestEvent(("Image", @"C:\Windows\rundll32.exe"), ("CommandLine", "rundll32 a.dat,#1"))));
        Assert.False(RuleText.Matches(rule, new TestEvent(("Image", @"C:\Windows\System32\cmd.exe"), ("CommandLine", "copy x perfc.dat"))));
    }

    [Fact]
    public void Matching_allocates_nothing_per_event_once_warm()
    {
        var engine = SigmaEngine.Build(AllRules.Value);
        var source = new SigmaLogSourceKey("process_creation", "windows");
        var events = RegressionCases.Load(Path.Combine(SigmaRuleFolders.Sigma, "regression_data")).SelectMany(c => c.Events).ToList();
        var matches = new List<SigmaRule>(AllRules.Value.Count);
        void Pass()
        {
            foreach (var e in events)
            {
                matches.Clear();
                engine.Match(source, e, matches);
            }
        }
        Pass(); // builds the index, and the regular expressions' lazily built states
        Pass();
        // The least of three passes, under a byte per event: nothing per event (the runtime may still allocate now
        // and then, e.g. while tiering up a method or when a regular expression meets a state it had not built yet).
        var allocated = Enumerable.Range(0, 3).Min(_ =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            Pass();
            return GC.GetAllocatedBytesForCurrentThread() - before;
        });
        Assert.True(allocated < events.Count, $"{allocated} bytes allocated over {events.Count} events");
    }

    [Fact]
    public void Every_regression_record_fires_its_rule()
    {
        var engine = SigmaEngine.Build(AllRules.Value);
        var byId = AllRules.Value.ToDictionary(r => r.Id);
        var cases = RegressionCases.Load(Path.Combine(SigmaRuleFolders.Sigma, "regression_data"));
        var missed = new List<string>();
        var others = 0;
        var matches = new List<SigmaRule>();
        foreach (var regression in cases)
        {
            var rule = byId[regression.RuleId];
            var source = new SigmaLogSourceKey(rule.LogSource.Category, rule.LogSource.Product, rule.LogSource.Service);
            var fired = new HashSet<SigmaRule>();
            foreach (var e in regression.Events)
            {
                matches.Clear();
                engine.Match(source, e, matches);
                fired.UnionWith(matches);
            }
            if (!fired.Contains(rule)) missed.Add($"{regression.RuleId} {regression.RuleTitle} ({regression.Folder})");
            others += fired.Count(r => r != rule);
        }
        output.WriteLine($"{cases.Count} cases, {cases.Count - missed.Count} fired their rule, {others} other rule matches in all");
        foreach (var miss in missed) output.WriteLine("missed: " + miss);
        Assert.Equal(168, cases.Count);
        Assert.Empty(missed);
    }
}

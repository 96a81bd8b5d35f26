using Recorder.Sigma.Tests.Support;
using static Recorder.Sigma.Tests.Support.RuleText;

namespace Recorder.Sigma.Tests.Detection;

/// <summary>Selections (maps, lists of maps, keywords) and the condition language.</summary>
public sealed class ConditionTests
{
    private const string ThreeSelections = """
        sel_a:
            A: 'a'
        sel_b:
            B: 'b'
        filter_c:
            C: 'c'
        """;

    private static bool Eval(string condition, bool a, bool b, bool c) =>
        Matches(ThreeSelections + "\ncondition: " + condition,
            new TestEvent(("A", a ? "a" : "-"), ("B", b ? "b" : "-"), ("C", c ? "c" : "-")));

    public static IEnumerable<object[]> Truth() =>
        from a in new[] { false, true } from b in new[] { false, true } from c in new[] { false, true } select new object[] { a, b, c };

    [Theory]
    [MemberData(nameof(Truth))]
    public void Not_binds_tighter_than_and_which_binds_tighter_than_or(bool a, bool b, bool c)
    {
        Assert.Equal(a || (b && !c), Eval("sel_a or sel_b and not filter_c", a, b, c));
        Assert.Equal((a || b) && !c, Eval("(sel_a or sel_b) and not filter_c", a, b, c));
        Assert.Equal(!(a && b) || c, Eval("not (sel_a and sel_b) or filter_c", a, b, c));
        Assert.Equal(!a && b, Eval("not sel_a and sel_b", a, b, c));
        Assert.Equal(a && b || c, Eval("sel_a AND sel_b OR filter_c", a, b, c));
        Assert.Equal(!!a, Eval("not not sel_a", a, b, c));
    }

    [Theory]
    [MemberData(nameof(Truth))]
    public void Of_forms_pick_selections_by_pattern_and_them_leaves_out_underscored_ones(bool a, bool b, bool c)
    {
        Assert.Equal(a || b, Eval("1 of sel_*", a, b, c));
        Assert.Equal(a && b, Eval("all of sel_*", a, b, c));
        Assert.Equal(a || b || c, Eval("1 of them", a, b, c));
        Assert.Equal(a && b && c, Eval("all of them", a, b, c));
        Assert.Equal((a || b) && !c, Eval("1 of sel* and not 1 of filter*", a, b, c));

        var underscored = "sel:\n    A: 'a'\n_helper:\n    B: 'b'\ncondition: all of them";
        Assert.Equal(a, Matches(underscored, new TestEvent(("A", a ? "a" : "-"), ("B", b ? "b" : "-"))));
    }

    [Fact]
    public void A_map_is_and_a_list_of_maps_is_or_a_list_of_values_is_or()
    {
        const string map = "sel:\n    Image|endswith: '\\net.exe'\n    CommandLine|contains: ' user '\ncondition: sel";
        Assert.True(Matches(map, new TestEvent(("Image", @"C:\net.exe"), ("CommandLine", "net user x"))));
        Assert.False(Matches(map, new TestEvent(("Image", @"C:\net.exe"), ("CommandLine", "net view"))));

        const string listOfMaps = "sel:\n    - Image|endswith: '\\net.exe'\n    - OriginalFileName: 'net.exe'\ncondition: sel";
        Assert.True(Matches(listOfMaps, new TestEvent(("Image", @"C:\net.exe"))));
        Assert.True(Matches(listOfMaps, new TestEvent(("Image", @"C:\renamed.exe"), ("OriginalFileName", "NET.exe"))));
        Assert.False(Matches(listOfMaps, new TestEvent(("Image", @"C:\renamed.exe"))));

        const string values = "sel:\n    Image|endswith:\n        - '\\net.exe'\n        - '\\net1.exe'\ncondition: sel";
        Assert.True(Matches(values, new TestEvent(("Image", @"C:\net1.exe"))));
    }

    [Fact]
    public void Keywords_are_searched_in_every_value_of_the_event()
    {
        const string rule = "keywords:\n    - 'mimikatz'\n    - 'sekurlsa'\ncondition: keywords";
        Assert.True(Matches(rule, new TestEvent(("Image", "x"), ("CommandLine", "run MIMIKATZ.exe"))));
        Assert.False(Matches(rule, new TestEvent(("Image", "x"), ("CommandLine", "notepad"))));
        Assert.True(Matches("keywords:\n    '|all':\n        - 'a1'\n        - 'b2'\ncondition: keywords",
            new TestEvent(("X", "a1"), ("Y", "zb2"))));
        Assert.False(Matches("keywords:\n    '|all':\n        - 'a1'\n        - 'b2'\ncondition: keywords", new TestEvent(("X", "a1"))));
    }

    [Fact]
    public void A_list_of_conditions_matches_when_any_does()
    {
        const string rule = "a:\n    A: 'a'\nb:\n    B: 'b'\ncondition:\n    - a\n    - b";
        Assert.True(Matches(rule, new TestEvent(("B", "b"))));
        Assert.False(Matches(rule, new TestEvent(("C", "c"))));
    }

    [Fact]
    public void Aggregations_near_and_bad_conditions_are_problems()
    {
        var count = Problem("sel:\n    A: 'a'\ncondition: sel | count(User) by Computer > 5");
        Assert.Equal("aggregation '| count(User) by Computer > 5'", count.Construct);
        Assert.Equal("aggregation 'near'", Problem("a:\n    A: 'a'\nb:\n    B: 'b'\ncondition: a near b").Construct);
        Assert.Contains("'missing' is not a selection", Problem("sel:\n    A: 'a'\ncondition: sel and missing").Message);
        Assert.Contains("names no selection", Problem("sel:\n    A: 'a'\ncondition: 1 of filter*").Message);
        Assert.Contains("')' is missing", Problem("sel:\n    A: 'a'\ncondition: (sel").Message);
        Assert.Contains("unexpected", Problem("sel:\n    A: 'a'\ncondition: sel sel").Message);
        Assert.Contains("no condition", Problem("sel:\n    A: 'a'").Message);
    }
}

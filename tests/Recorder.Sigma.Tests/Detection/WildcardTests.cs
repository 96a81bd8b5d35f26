using Recorder.Sigma.Tests.Support;
using static Recorder.Sigma.Tests.Support.RuleText;

namespace Recorder.Sigma.Tests.Detection;

/// <summary>Wildcards <c>*</c> and <c>?</c> in values, and the backslash escapes of the Sigma specification.</summary>
public sealed class WildcardTests
{
    private static bool Image(string value, string image) =>
        Matches($"sel:\n    Image: '{value}'\ncondition: sel", new TestEvent(("Image", image)));

    [Fact]
    public void Star_matches_any_run_and_question_mark_one_character()
    {
        Assert.True(Image(@"C:\Users\\*\AppData\\*.exe", @"C:\Users\bob\AppData\Local\x.exe"));
        Assert.False(Image(@"C:\Users\\*\AppData\\*.exe", @"C:\Users\bob\AppData\Local\x.dll"));
        Assert.True(Image(@"C:\Users*AppData*.exe", @"C:\Users\bob\AppData\Local\x.exe"));
        Assert.True(Image(@"*\ps?xec.exe", @"C:\tools\PsExec.exe"));
        Assert.False(Image(@"*\ps?xec.exe", @"C:\tools\psxec.exe"));
        Assert.True(Image("a*b*c", "abc"));
        Assert.True(Image("a*b*c", "aXXbYYbZc"));
        Assert.False(Image("a*b*c", "acb"));
        Assert.True(Image("*", ""));
        Assert.True(Image("???", "abc"));
        Assert.False(Image("???", "abcd"));
    }

    [Fact]
    public void Escaped_wildcards_are_literal_characters()
    {
        // \* is a literal star (SigmaHQ writes \\* for a backslash before a wildcard).
        Assert.True(Image(@"C:\a\*b", @"C:\a*b"));
        Assert.False(Image(@"C:\a\*b", @"C:\axb"));
        Assert.False(Image(@"C:\a\*b", @"C:\a\xb"));
        Assert.True(Image(@"what\?", "what?"));
        Assert.False(Image(@"what\?", "whatx"));
    }

    [Fact]
    public void A_double_backslash_is_one_backslash_and_a_lone_one_stays()
    {
        Assert.True(Image(@"\\\\server\\share", @"\\server\share"));
        Assert.True(Image(@"C:\Windows\Temp", @"C:\Windows\Temp"));
        // \\* is an escaped backslash followed by a wildcard.
        Assert.True(Image(@"C:\Temp\\*", @"C:\Temp\anything"));
    }

    [Fact]
    public void Wildcards_combine_with_contains()
    {
        Assert.True(Matches("sel:\n    CommandLine|contains: 'net* user'\ncondition: sel", new TestEvent(("CommandLine", "cmd /c net1.exe user x"))));
        Assert.False(Matches("sel:\n    CommandLine|contains: 'net* user'\ncondition: sel", new TestEvent(("CommandLine", "cmd /c user net"))));
    }
}

using System.Text.RegularExpressions;
using Recorder.Sigma.Matching;

namespace Recorder.Sigma.Tests.Matching;

/// <summary>
/// The literals the index requires of a regular expression must occur in every text the expression matches: a
/// literal too many would make the engine skip a rule that matches.
/// </summary>
public sealed class RegexLiteralsTests
{
    [Theory]
    [InlineData(@"cmd.{0,5}(?:/c|/r).+powershell", "powershell")]
    [InlineData(@"\\Windows\\Temp\\[a-z]+\.exe", @"\Windows\Temp\")]
    [InlineData(@"abc?def", "def")]            // 'c' is optional
    [InlineData(@"ab+cd", "cd")]               // 'b' repeats: not part of a run with 'cd'
    [InlineData(@"x{2}yz", "yz")]
    [InlineData(@"(?i)invoke-expression", "invoke-expression")]
    [InlineData(@"\d+\.\d+\.\d+\.\d+:4444", ":4444")]
    public void Finds_the_longest_required_run(string pattern, string expected) =>
        Assert.Equal([expected], RegexLiterals.Required(pattern));

    [Theory]
    [InlineData(@"mimikatz|sekurlsa::", new[] { "mimikatz", "sekurlsa::" })]
    [InlineData(@"(a|b)cde|fgh", new[] { "cde", "fgh" })]
    public void Each_top_level_alternative_gives_its_own(string pattern, string[] expected) =>
        Assert.Equal(expected, RegexLiterals.Required(pattern));

    [Theory]
    [InlineData(@"[a-z]{5}\d")]          // no plain character at all
    [InlineData(@"abc|\d+")]             // one alternative without a literal
    [InlineData(@"(?x) a b c d e")]      // spaces are not literal in extended mode
    [InlineData(@".*")]
    public void Gives_nothing_when_nothing_is_certain(string pattern) =>
        Assert.Empty(RegexLiterals.Required(pattern));

    [Theory]
    [InlineData(@"cmd.{0,5}(?:/c|/r).+powershell.+(?:\$\{?input\}?|noexit).+""", "cmd /c echo x | powershell -noexit \"")]
    [InlineData(@"ab+cd", "abbbbcd")]
    [InlineData(@"abc?def", "abdef")]
    [InlineData(@"\\[a-zA-Z0-9]{1,32}\.[a-zA-Z0-9]{1,6}\.[ ""']{1}", @"C:\x\abc.def. ")]
    public void Every_match_contains_one_of_the_literals(string pattern, string text)
    {
        Assert.Matches(new Regex(pattern), text);
        var literals = RegexLiterals.Required(pattern);
        Assert.NotEmpty(literals);
        Assert.Contains(literals, literal => text.Contains(literal, StringComparison.OrdinalIgnoreCase));
    }
}

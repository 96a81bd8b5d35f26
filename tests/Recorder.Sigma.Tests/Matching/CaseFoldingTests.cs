using Recorder.Sigma.Tests.Support;
using static Recorder.Sigma.Tests.Support.RuleText;

namespace Recorder.Sigma.Tests.Matching;

/// <summary>
/// Non-ASCII letters next to ASCII ones in case-insensitive comparison (dotless ı, long ſ, the Kelvin sign, which
/// some case mappings equate with i, s, k): the index folds them to the ASCII letter, so it never hides what the
/// matchers accept, whatever they decide. <see cref="RuleText.Matches(string, TestEvent)"/> checks the index
/// against the naive path.
/// </summary>
public sealed class CaseFoldingTests
{
    [Fact]
    public void Index_and_matchers_agree_on_dotless_i_and_long_s()
    {
        Assert.True(Matches("sel:\n    CommandLine|contains: 'mimikatz'\ncondition: sel", new TestEvent(("CommandLine", "run MIMIKATZ"))));
        Matches("sel:\n    CommandLine|contains: 'mimikatz'\ncondition: sel", new TestEvent(("CommandLine", "run m\u0131m\u0131katz")));
        Matches("sel:\n    Image|endswith: '\\psexec.exe'\ncondition: sel", new TestEvent(("Image", "C:\\P\u017FExec.exe")));
    }

    [Fact]
    public void Regex_ignore_case_and_the_index_agree_on_the_kelvin_sign()
    {
        var kelvin = new TestEvent(("CommandLine", "taskkill /im x"));
        Assert.True(Matches("sel:\n    CommandLine|re|i: 'TASKKILL /IM'\ncondition: sel", kelvin));
        var sign = new TestEvent(("CommandLine", "task\u212Aill /im x"));
        // Whatever the regular expression engine decides, the index gives the same answer.
        Matches("sel:\n    CommandLine|re|i: 'taskkill /im'\ncondition: sel", sign);
    }
}

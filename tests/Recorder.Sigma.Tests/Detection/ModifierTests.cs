using System.Text;
using Recorder.Sigma.Tests.Support;
using static Recorder.Sigma.Tests.Support.RuleText;

namespace Recorder.Sigma.Tests.Detection;

/// <summary>Each value modifier on a small rule, matched through the indexed engine and the naive path.</summary>
public sealed class ModifierTests
{
    private static TestEvent CommandLine(string text) => new(("CommandLine", text));

    [Fact]
    public void Plain_value_is_a_whole_case_insensitive_match()
    {
        const string rule = "selection:\n    Image: 'C:\\Windows\\System32\\cmd.exe'\ncondition: selection";
        Assert.True(Matches(rule, new TestEvent(("image", @"c:\windows\system32\CMD.EXE"))));
        Assert.False(Matches(rule, new TestEvent(("Image", @"C:\Windows\System32\cmd.exe.bak"))));
        Assert.False(Matches(rule, new TestEvent(("Image", @"D:\C:\Windows\System32\cmd.exe"))));
    }

    [Fact]
    public void Contains_startswith_endswith()
    {
        Assert.True(Matches("sel:\n    CommandLine|contains: ' -EncodedCommand '\ncondition: sel", CommandLine("powershell -encodedcommand AAA")));
        Assert.False(Matches("sel:\n    CommandLine|contains: ' -EncodedCommand '\ncondition: sel", CommandLine("powershell -encoded")));
        Assert.True(Matches("sel:\n    CommandLine|startswith: 'cmd /c'\ncondition: sel", CommandLine("CMD /C dir")));
        Assert.False(Matches("sel:\n    CommandLine|startswith: 'cmd /c'\ncondition: sel", CommandLine("x cmd /c dir")));
        Assert.True(Matches("sel:\n    CommandLine|endswith: '.ps1'\ncondition: sel", CommandLine("run a.PS1")));
        Assert.False(Matches("sel:\n    CommandLine|endswith: '.ps1'\ncondition: sel", CommandLine("run a.ps1 now")));
    }

    [Fact]
    public void Cased_makes_the_match_case_sensitive()
    {
        const string rule = "sel:\n    CommandLine|contains|cased: 'Invoke-Mimikatz'\ncondition: sel";
        Assert.True(Matches(rule, CommandLine("x Invoke-Mimikatz y")));
        Assert.False(Matches(rule, CommandLine("x invoke-mimikatz y")));
    }

    [Fact]
    public void A_list_of_values_is_any_and_all_makes_it_every()
    {
        const string any = "sel:\n    CommandLine|contains:\n        - 'vssadmin'\n        - 'wbadmin'\ncondition: sel";
        const string every = "sel:\n    CommandLine|contains|all:\n        - 'vssadmin'\n        - 'delete'\ncondition: sel";
        Assert.True(Matches(any, CommandLine("wbadmin get")));
        Assert.False(Matches(any, CommandLine("bcdedit")));
        Assert.True(Matches(every, CommandLine("vssadmin.exe Delete Shadows")));
        Assert.False(Matches(every, CommandLine("vssadmin list shadows")));
    }

    [Fact]
    public void Re_is_case_sensitive_unless_i_and_takes_m_and_s()
    {
        const string plain = "sel:\n    CommandLine|re: '\\-nop\\s+\\-w\\s+hidden'\ncondition: sel";
        Assert.True(Matches(plain, CommandLine("powershell -nop  -w hidden -c x")));
        Assert.False(Matches(plain, CommandLine("powershell -NOP -W HIDDEN")));
        Assert.True(Matches("sel:\n    CommandLine|re|i: '\\-nop\\s+\\-w\\s+hidden'\ncondition: sel", CommandLine("powershell -NOP -W HIDDEN")));
        Assert.True(Matches("sel:\n    CommandLine|re|m: '^second$'\ncondition: sel", CommandLine("first\nsecond\nthird")));
        Assert.False(Matches("sel:\n    CommandLine|re: '^second$'\ncondition: sel", CommandLine("first\nsecond\nthird")));
        Assert.True(Matches("sel:\n    CommandLine|re|s: 'first.second'\ncondition: sel", CommandLine("first\nsecond")));
        Assert.False(Matches("sel:\n    CommandLine|re: 'first.second'\ncondition: sel", CommandLine("first\nsecond")));
    }

    [Fact]
    public void Re_with_lookaround_and_python_named_groups_compiles()
    {
        Assert.True(Matches("sel:\n    CommandLine|re: '(?P<q>[\"'']).*(?P=q)(?!x)'\ncondition: sel", CommandLine("a \"b\" c")));
        Assert.False(Matches("sel:\n    CommandLine|re: '(?P<q>[\"'']).*(?P=q)(?!x)'\ncondition: sel", CommandLine("a \"b c")));
    }

    [Fact]
    public void Cidr_matches_ipv4_and_ipv6_networks()
    {
        const string rule = "sel:\n    DestinationIp|cidr:\n        - '10.0.0.0/8'\n        - '192.168.1.128/25'\n        - 'fe80::/10'\ncondition: sel";
        Assert.True(Matches(rule, new TestEvent(("DestinationIp", "10.200.3.4"))));
        Assert.True(Matches(rule, new TestEvent(("DestinationIp", "192.168.1.200"))));
        Assert.False(Matches(rule, new TestEvent(("DestinationIp", "192.168.1.100"))));
        Assert.False(Matches(rule, new TestEvent(("DestinationIp", "11.0.0.1"))));
        Assert.True(Matches(rule, new TestEvent(("DestinationIp", "FE80::1:2"))));
        Assert.False(Matches(rule, new TestEvent(("DestinationIp", "2001:db8::1"))));
        Assert.False(Matches(rule, new TestEvent(("DestinationIp", "not an address"))));
    }

    [Fact]
    public void Windash_accepts_every_dash_and_slash_at_the_start_of_an_option()
    {
        const string rule = "sel:\n    CommandLine|windash|contains: ' -enc '\ncondition: sel";
        foreach (var dash in new[] { "-", "/", "\u2013", "\u2014", "\u2015" })
            Assert.True(Matches(rule, CommandLine($"powershell {dash}enc AAAA")), dash);
        Assert.False(Matches(rule, CommandLine("powershell +enc AAAA")));
        // A dash inside a word is not an option: left as written.
        Assert.True(Matches("sel:\n    CommandLine|windash|contains: 'Set-Item'\ncondition: sel", CommandLine("Set-Item x")));
        Assert.False(Matches("sel:\n    CommandLine|windash|contains: 'Set-Item'\ncondition: sel", CommandLine("Set/Item x")));
    }

    [Fact]
    public void Base64_matches_the_encoded_value()
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes("whoami /all"));
        Assert.True(Matches("sel:\n    CommandLine|base64: 'whoami /all'\ncondition: sel", CommandLine(encoded)));
        Assert.False(Matches("sel:\n    CommandLine|base64: 'whoami /all'\ncondition: sel", CommandLine("whoami /all")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("ab")]
    public void Base64offset_finds_the_value_at_any_byte_offset_inside_a_longer_text(string prefix)
    {
        const string rule = "sel:\n    CommandLine|base64offset|contains: 'http://evil'\ncondition: sel";
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(prefix + "IEX http://evil.example/x"));
        Assert.True(Matches(rule, CommandLine("powershell -e " + encoded)));
        Assert.False(Matches(rule, CommandLine("powershell -e " + Convert.ToBase64String(Encoding.UTF8.GetBytes(prefix + "IEX http://good.example/x")))));
    }

    [Theory]
    [InlineData("utf16le")]
    [InlineData("wide")]
    public void Utf16le_then_base64offset_finds_powershell_encoded_commands(string encoding)
    {
        var rule = $"sel:\n    CommandLine|{encoding}|base64offset|contains: 'New-Object Net.WebClient'\ncondition: sel";
        foreach (var prefix in new[] { "", "x", "$a=" })
        {
            var encoded = Convert.ToBase64String(Encoding.Unicode.GetBytes(prefix + "(New-Object Net.WebClient).DownloadString('x')"));
            Assert.True(Matches(rule, CommandLine("powershell -enc " + encoded)), prefix);
        }
        Assert.False(Matches(rule, CommandLine("powershell -enc " + Convert.ToBase64String(Encoding.UTF8.GetBytes("New-Object Net.WebClient")))));
    }

    [Fact]
    public void Utf16be_and_utf16_with_bom_encode_before_base64()
    {
        Assert.True(Matches("sel:\n    Data|utf16be|base64: 'ab'\ncondition: sel", new TestEvent(("Data", Convert.ToBase64String(Encoding.BigEndianUnicode.GetBytes("ab"))))));
        Assert.True(Matches("sel:\n    Data|utf16|base64: 'ab'\ncondition: sel", new TestEvent(("Data", Convert.ToBase64String([0xFF, 0xFE, (byte)'a', 0, (byte)'b', 0])))));
    }

    [Fact]
    public void Exists_tests_whether_the_field_is_there()
    {
        Assert.True(Matches("sel:\n    Hashes|exists: true\ncondition: sel", new TestEvent(("Hashes", "MD5=00"))));
        Assert.False(Matches("sel:\n    Hashes|exists: true\ncondition: sel", new TestEvent(("Image", "x"))));
        Assert.True(Matches("sel:\n    Hashes|exists: false\ncondition: sel", new TestEvent(("Image", "x"))));
        Assert.False(Matches("sel:\n    Hashes|exists: false\ncondition: sel", new TestEvent(("Hashes", "MD5=00"))));
    }

    [Fact]
    public void Lt_lte_gt_gte_compare_numbers_and_numeric_text()
    {
        Assert.True(Matches("sel:\n    DestinationPort|lt: 1024\ncondition: sel", new TestEvent(("DestinationPort", 443L))));
        Assert.False(Matches("sel:\n    DestinationPort|lt: 1024\ncondition: sel", new TestEvent(("DestinationPort", 1024L))));
        Assert.True(Matches("sel:\n    DestinationPort|lte: 1024\ncondition: sel", new TestEvent(("DestinationPort", "1024"))));
        Assert.True(Matches("sel:\n    DestinationPort|gt: 49151\ncondition: sel", new TestEvent(("DestinationPort", 50000.0))));
        Assert.False(Matches("sel:\n    DestinationPort|gte: 49152\ncondition: sel", new TestEvent(("DestinationPort", "80"))));
        Assert.False(Matches("sel:\n    DestinationPort|gte: 1\ncondition: sel", new TestEvent(("DestinationPort", "http"))));
    }

    [Fact]
    public void Fieldref_compares_two_fields_of_the_event()
    {
        const string rule = "sel:\n    Image|fieldref: ParentImage\ncondition: sel";
        Assert.True(Matches(rule, new TestEvent(("Image", @"C:\a.exe"), ("ParentImage", @"c:\A.EXE"))));
        Assert.False(Matches(rule, new TestEvent(("Image", @"C:\a.exe"), ("ParentImage", @"C:\b.exe"))));
        Assert.False(Matches(rule, new TestEvent(("Image", @"C:\a.exe"))));
        Assert.True(Matches("sel:\n    CommandLine|fieldref|startswith: Image\ncondition: sel",
            new TestEvent(("Image", @"C:\a.exe"), ("CommandLine", @"C:\a.exe -x"))));
    }

    [Fact]
    public void Null_matches_an_absent_or_empty_field()
    {
        const string rule = "sel:\n    OriginalFileName: null\ncondition: sel";
        Assert.True(Matches(rule, new TestEvent(("Image", "x"))));
        Assert.True(Matches(rule, new TestEvent(("OriginalFileName", ""))));
        Assert.True(Matches(rule, new TestEvent(("OriginalFileName", SigmaValue.Null))));
        Assert.False(Matches(rule, new TestEvent(("OriginalFileName", "cmd.exe"))));
        Assert.True(Matches("sel:\n    OriginalFileName: ''\ncondition: sel", new TestEvent(("OriginalFileName", ""))));
    }

    [Fact]
    public void Numbers_match_numeric_values_and_their_text()
    {
        const string rule = "sel:\n    EventID: 4688\ncondition: sel";
        Assert.True(Matches(rule, new TestEvent(("EventID", 4688L))));
        Assert.True(Matches(rule, new TestEvent(("EventID", "4688"))));
        Assert.False(Matches(rule, new TestEvent(("EventID", 4689L))));
        Assert.True(Matches("sel:\n    EventID: '4688'\ncondition: sel", new TestEvent(("EventID", 4688L))));
        Assert.True(Matches("sel:\n    Enabled: true\ncondition: sel", new TestEvent(("Enabled", true))));
        Assert.True(Matches("sel:\n    Enabled: true\ncondition: sel", new TestEvent(("Enabled", "True"))));
    }

    [Fact]
    public void A_list_of_strings_in_the_event_matches_when_any_element_does()
    {
        var args = new TestEvent(("Args", SigmaValue.FromStrings(["curl", "-o", "/tmp/x"])));
        Assert.True(Matches("sel:\n    Args|endswith: '/tmp/x'\ncondition: sel", args));
        Assert.False(Matches("sel:\n    Args: 'curl -o'\ncondition: sel", args));
    }

    [Fact]
    public void Unsupported_and_invalid_modifiers_are_problems_with_the_construct()
    {
        Assert.Equal("modifier 'expand'", Problem("sel:\n    Path|expand: '%x%'\ncondition: sel").Construct);
        Assert.Equal("modifier 'frobnicate'", Problem("sel:\n    Path|frobnicate: 'x'\ncondition: sel").Construct);
        Assert.Contains("not an IP network", Problem("sel:\n    Ip|cidr: '10.0.0.0/99'\ncondition: sel").Message);
        Assert.Contains("not valid", Problem("sel:\n    CommandLine|re: '(unclosed'\ncondition: sel").Message);
        Assert.Contains("without base64", Problem("sel:\n    CommandLine|wide|contains: 'x'\ncondition: sel").Message);
    }
}

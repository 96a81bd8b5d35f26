using Recorder.Sigma.Detection;

namespace Recorder.Sigma.Tests.Detection;

/// <summary>The fast case-insensitive search answers exactly as IndexOf(..., OrdinalIgnoreCase) does.</summary>
public sealed class IgnoreCaseSubstringTests
{
    // ASCII, non-ASCII letters whose upper or lower case is ASCII in culture-aware casing (long s, dotless i,
    // Kelvin sign, dotted capital I; ordinal case-insensitivity does not equate them with ASCII letters), other
    // cased and uncased non-ASCII letters, the dashes windash puts before options.
    private const string Alphabet = "aAsSiIkKeE\\. -_/:\u017F\u0131\u212A\u0130\u00E9\u00C9\u03C3\u03A3\u4E2D\u2013\u2014";

    [Theory]
    [InlineData(@"C:\Windows\System32\CMD.EXE /c whoami", @"\cmd.exe", 19)]
    [InlineData("powerſhell -enc", "POWERSHELL", -1)]
    [InlineData("w\u0131nword", "WINWORD", -1)]
    [InlineData("\u212Aerberos", "kerberos", -1)]
    [InlineData("short", "longer than the text", -1)]
    [InlineData("aaab", "aab", 1)]
    [InlineData("powershell \u2013ENC abc", "\u2013enc", 11)]
    [InlineData("\u2013\u2014", "\u2014", 1)]
    public void Finds_what_ordinal_ignore_case_finds(string text, string needle, int expected)
    {
        Assert.Equal(expected, text.IndexOf(needle, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(expected, new IgnoreCaseSubstring(needle).IndexIn(text));
    }

    [Fact]
    public void Agrees_with_ordinal_ignore_case_on_random_text()
    {
        var random = new Random(14);
        for (var round = 0; round < 20_000; round++)
        {
            var text = RandomText(random, random.Next(0, 40));
            var start = random.Next(text.Length + 1);
            var needle = random.Next(3) == 0 && start < text.Length
                ? text.Substring(start, 1 + random.Next(Math.Min(3, text.Length - start))).ToUpperInvariant()
                : RandomText(random, 1 + random.Next(4));
            if (needle.Length == 0) continue;
            Assert.True(text.IndexOf(needle, StringComparison.OrdinalIgnoreCase) == new IgnoreCaseSubstring(needle).IndexIn(text),
                $"'{needle}' in '{text}'");
        }
    }

    private static string RandomText(Random random, int length) =>
        new(Enumerable.Range(0, length).Select(_ => Alphabet[random.Next(Alphabet.Length)]).ToArray());
}

using Recorder.Linux.Audit.Normalization;

namespace Recorder.Linux.Audit.Tests.Normalization;

public class CommandLineTests
{
    [Theory]
    [InlineData(new[] { "ls", "-l" }, "ls -l")]
    [InlineData(new[] { "echo", "two words", "" }, "echo \"two words\" \"\"")]
    [InlineData(new[] { "printf", "a\"b\\c", "new\nline", "tab\there", "it's" }, "printf \"a\\\"b\\\\c\" \"new\nline\" \"tab\there\" \"it's\"")]
    [InlineData(new[] { "ünïcödé", "✓" }, "ünïcödé ✓")]
    public void Join_quotes_only_what_needs_it_and_split_gives_the_arguments_back(string[] args, string expected)
    {
        var joined = CommandLine.Join(args);
        Assert.Equal(expected, joined);
        Assert.Equal(args, CommandLine.Split(joined));
        Assert.Equal(joined, CommandLine.JoinNulSeparated(string.Join('\0', args) + "\0"));
    }
}

using System.CommandLine;
using Recorder.Cli;

namespace Recorder.Host.Tests.Subscriptions;

/// <summary><c>recorder subscriptions check</c> on real files: what it prints and its exit code.</summary>
public sealed class SubscriptionCheckCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("recorder-check-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int ExitCode, string Output) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = RecorderCommandLine.Build().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString() + error);
    }

    [Fact]
    public void Valid_files_exit_zero()
    {
        File.WriteAllText(Path.Combine(_dir, "a.yaml"), "module: a\nsubscriptions:\n  - name: s\n    events: [file.*]\n    sink: journal\n");
        var (code, output) = Run("subscriptions", "check", _dir);
        Assert.Equal(0, code);
        Assert.Contains("1 subscription(s), 0 error(s)", output);
        Assert.Contains("installed plugin(s)", output);
    }

    [Fact]
    public void Errors_are_printed_as_file_line_column_and_exit_one()
    {
        var good = Path.Combine(_dir, "good.yaml");
        var bad = Path.Combine(_dir, "bad.yaml");
        File.WriteAllText(good, "module: a\nsubscriptions:\n  - name: s\n    events: [file.*]\n    sink: journal\n");
        File.WriteAllText(bad, "module: b\nsubscriptions:\n  - name: s\n    events: [file.*]\n    sink: elastic\n");
        var (code, output) = Run("subscriptions", "check", good, bad);
        Assert.Equal(1, code);
        Assert.Contains($"{bad}:5:11: unknown sink 'elastic'", output);
        Assert.DoesNotContain(good + ":", output);
    }

    [Fact]
    public void Sink_options_the_sink_refuses_are_errors_at_the_subscription()
    {
        // Caught here, by the installed journal and SQLite plugins themselves, not first by the running recorder.
        var file = Path.Combine(_dir, "options.yaml");
        File.WriteAllText(file, "module: a\nsubscriptions:\n  - name: good\n    events: [file.*]\n    sink: { name: journal, options: { max_files: 5 } }\n" +
                                "  - name: typo\n    events: [file.*]\n    sink: { name: journal, options: { max_filez: 5 } }\n" +
                                "  - name: negative\n    events: [process.*]\n    sink: { name: sqlite, options: { max_age_days: -3 } }\n");
        var (code, output) = Run("subscriptions", "check", file);
        Assert.Equal(1, code);
        Assert.Contains($"{file}:6:5: a/typo: sink 'journal' refuses its options:", output);
        Assert.Contains("max_filez", output);
        Assert.Contains($"{file}:9:5: a/negative: sink 'sqlite' refuses its options:", output);
        Assert.DoesNotContain("a/good:", output);
        Assert.Contains("3 subscription(s), 2 error(s)", output);
    }

    [Fact]
    public void Built_in_only_does_not_load_plugins_and_says_options_were_not_checked()
    {
        var file = Path.Combine(_dir, "options.yaml");
        File.WriteAllText(file, "module: a\nsubscriptions:\n  - name: typo\n    events: [file.*]\n    sink: { name: journal, options: { max_filez: 5 } }\n");
        var (code, output) = Run("subscriptions", "check", "--built-in-only", file);
        Assert.Equal(0, code);
        Assert.Contains("sink options not checked", output);
    }

    [Fact]
    public void A_missing_path_is_an_error()
    {
        var (code, output) = Run("subscriptions", "check", Path.Combine(_dir, "nope.yaml"));
        Assert.Equal(1, code);
        Assert.Contains("no such file or folder", output);
    }
}

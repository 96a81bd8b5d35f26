using Recorder.Tests.MacOS;
using Recorder.Tests.Shared;

namespace Recorder.Host.Tests.Cli;

/// <summary>
/// `recorder import` of macOS evidence through the built recorder and the signed macOS collector bundle: a BSM trail
/// goes into the SQLite store and timeline, tree, file and net answer over it as they do over a Linux audit log.
/// </summary>
public sealed class MacOsImportTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("recorder-macos-import-").FullName;
    private readonly string _config;
    private readonly string _db;

    public MacOsImportTests()
    {
        _config = ImportConfiguration.Write(_root, "macos-import-test", "mac.db");
        _db = ImportConfiguration.Database(_root, "mac.db");
    }

    private (int Exit, string Output, string Errors) Import(string file) => RecorderCli.Run("import", file, "--config", _config);

    private string Ask(params string[] arguments)
    {
        var (exit, output, errors) = RecorderCli.Run([.. arguments, "--db", _db, "--format", "jsonl"]);
        Assert.True(exit == 0, errors + output);
        return output;
    }

    [Fact]
    public void A_real_macOS_trail_is_recognised_by_its_bytes_and_its_logins_and_authentications_are_in_the_timeline()
    {
        var evidence = Path.Combine(_root, "20131104171720.not_terminated");
        File.Copy(Path.Combine(RepoPaths.SharedData, "macos-bsm", "plaso", "apple.bsm"), evidence);

        var (exit, output, errors) = Import(evidence);

        Assert.True(exit == 0, errors + output);
        Assert.Contains($"imported {evidence} as bsm (recorder.collectors.macos):", output);
        Assert.Contains(" 0 malformed", output);
        var timeline = Ask("timeline", "--since", "2013-11-04T00:00:00Z", "--until", "2013-11-06T00:00:00Z");
        Assert.Contains("session.login", timeline);
        Assert.Contains("session.logout", timeline);
        Assert.Contains("auth.failure", timeline);
        Assert.Contains("import:bsm", RecorderCli.Run("query", "select distinct event_collector from events", "--db", _db, "--format", "csv").Output);
    }

    [Fact]
    public void Execs_file_and_network_calls_of_a_trail_answer_tree_file_and_net()
    {
        var trail = Path.Combine(_root, "morning.bsm");
        File.WriteAllBytes(trail, BsmTrailBuilder.Morning());

        var (exit, output, errors) = Import(trail);
        Assert.True(exit == 0, errors + output);
        Assert.Contains(" 0 malformed", output);

        var tree = Ask("tree", "702", "--at", "2026-11-20T09:00:03Z");
        Assert.Contains("/bin/zsh", tree);
        Assert.Contains("/usr/bin/curl", tree);
        Assert.Contains("curl -s \\\"https://example.org/a b\\\"", tree);

        var file = Ask("file", "/Users/alice/notes.txt");
        Assert.Contains("file.create", file);
        Assert.Contains("file.rename", file);
        Assert.Contains("/bin/zsh", file);

        var net = Ask("net");
        Assert.Contains("93.184.216.34", net);
        Assert.Contains("/usr/bin/curl", net);
        Assert.Contains("10.0.0.9", net);

        var timeline = Ask("timeline", "--since", "2026-11-20T00:00:00Z", "--until", "2026-11-21T00:00:00Z");
        Assert.Equal(11, timeline.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void An_fseventsd_page_file_answers_file_for_the_paths_it_names()
    {
        var page = Path.Combine(_root, "00000000001a0b79");
        File.Copy(Path.Combine(RepoPaths.SharedData, "macos-bsm", "plaso", "fsevents-00000000001a0b79"), page);

        var (exit, output, errors) = Import(page);

        Assert.True(exit == 0, errors + output);
        Assert.Contains($"imported {page} as fseventsd (recorder.collectors.macos): 6 records", output);
        var file = Ask("file", "/Hi, Sierra");
        Assert.Contains("file.rename", file);
    }

    [Fact]
    public void A_damaged_trail_is_imported_with_each_bad_record_named_by_its_byte_offset()
    {
        var bytes = BsmTrailBuilder.Morning();
        bytes[0x18] = 0xff; // the first record's argument text now claims 65,290 bytes
        var trail = Path.Combine(_root, "damaged.bsm");
        File.WriteAllBytes(trail, bytes);

        var (exit, output, errors) = Import(trail);

        Assert.True(exit == 0, errors + output);
        Assert.Contains(" 1 malformed", output);
        Assert.Contains($"{trail}:byte 0: ", errors);
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}

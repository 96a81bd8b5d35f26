using Recorder.Tests.Shared;

namespace Recorder.Host.Tests.Cli;

/// <summary>
/// `recorder import &lt;file&gt;`: the importer comes from the verified plugins and is chosen by the file's content;
/// what it reads goes through the subscriptions into the stores the query commands read, and the summary says what
/// was read, stored and refused, with the line of every malformed record.
/// </summary>
public sealed class ImportCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("recorder-import-").FullName;
    private readonly string _config;

    public ImportCommandTests()
    {
        _config = ImportConfiguration.Write(_root, "import-test", "imported.db");
    }

    private static string LiveActionsLog => Path.Combine(RepoPaths.Root, "tests", "Recorder.Linux.Audit.Tests", "Normalization", "Data", "live-actions.log");

    [Fact]
    public void An_audit_log_under_any_name_is_recognised_imported_and_answered_by_the_queries()
    {
        // Evidence gets renamed: the content decides, not the extension.
        var evidence = Path.Combine(_root, "host42-evidence.txt");
        File.Copy(LiveActionsLog, evidence);

        var (exit, output, errors) = RecorderCli.Run("import", evidence, "--config", _config);

        Assert.True(exit == 0, errors + output);
        Assert.Contains($"imported {evidence} as linux-audit (recorder.collectors.linuxaudit):", output);
        Assert.Contains(" 0 malformed", output);
        var stored = long.Parse(output.Split(" routed")[0].Split(' ')[^1]);
        Assert.True(stored >= 10, output);
        var db = ImportConfiguration.Database(_root, "imported.db");
        var (_, collectors, _) = RecorderCli.Run("query", "select distinct event_collector from events", "--db", db, "--format", "csv");
        Assert.Contains("import:linux-audit", collectors);
        var (_, renames, _) = RecorderCli.Run("query", "select file_path from file_rename", "--db", db, "--format", "csv");
        Assert.Contains("/tmp/", renames);
        // Imported history is never enriched from this machine: no hash of today's file on disk.
        var (_, hashes, _) = RecorderCli.Run("query", "select count(*) as n from process_start where process_hash is not null or process_hash_error is not 'replay'", "--db", db, "--format", "csv");
        Assert.Equal("0", hashes.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1].Trim());
    }

    [Fact]
    public void Malformed_records_are_counted_and_named_by_line_and_the_rest_is_imported()
    {
        var damaged = Path.Combine(_root, "damaged.log");
        var lines = File.ReadAllLines(LiveActionsLog).ToList();
        lines.Insert(5, "type=SYSCALL msg=audit(garbage");
        File.WriteAllLines(damaged, lines);

        var (exit, output, errors) = RecorderCli.Run("import", damaged, "--config", _config);

        Assert.True(exit == 0, errors + output);
        Assert.Contains(" 1 malformed", output);
        Assert.Contains($"{damaged}:line 6: ", errors);
    }

    [Fact]
    public void A_file_no_importer_recognises_is_refused_with_the_formats_known()
    {
        var notes = Path.Combine(_root, "notes.txt");
        File.WriteAllText(notes, "just some notes\n");

        var (exit, _, errors) = RecorderCli.Run("import", notes, "--config", _config);
        Assert.Equal(2, exit);
        Assert.Contains($"{notes}: no importer recognises this file; known formats: linux-audit (Linux audit log", errors);

        var (asExit, _, asErrors) = RecorderCli.Run("import", notes, "--as", "no-such-format", "--config", _config);
        Assert.Equal(2, asExit);
        Assert.Contains("--as no-such-format: no importer of that name; known: ", asErrors);
        Assert.Contains("linux-audit (Linux audit log", asErrors);
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}

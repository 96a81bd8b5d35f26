using Recorder.Tests.Shared;

namespace Recorder.Host.Tests.Cli;

/// <summary>
/// `recorder import file.evtx` over the built, signed Windows event log plugin: real Sysmon and Security logs go into
/// SQLite and the query commands answer on them as on Linux history (tree by Sysmon's process GUID, net, timeline);
/// a damaged chunk is named by file and offset and the rest is imported.
/// </summary>
public sealed class EvtxImportCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("recorder-evtx-import-").FullName;
    private readonly string _config;
    private string Database => ImportConfiguration.Database(_root, "windows.db");

    private static string Evtx(string name) => Path.Combine(RepoPaths.SharedData, "windows", "evtx", name);

    public EvtxImportCommandTests()
    {
        _config = ImportConfiguration.Write(_root, "evtx-import-test", "windows.db");
    }

    private string Import(string path)
    {
        var (exit, output, errors) = RecorderCli.Run("import", path, "--config", _config);
        Assert.True(exit == 0, errors + output);
        Assert.Contains($"imported {path} as evtx (recorder.collectors.windowseventlog):", output);
        return output;
    }

    private string Ask(params string[] arguments)
    {
        var (exit, output, errors) = RecorderCli.Run([.. arguments, "--db", Database, "--local"]);
        Assert.True(exit == 0, errors + output);
        return output;
    }

    [Fact]
    public void Sysmon_logs_import_and_answer_tree_net_timeline_and_file()
    {
        var output = Import(Evtx("exec_persist_rundll32_mshta_scheduledtask_sysmon_1_3_11.evtx"));
        Assert.Contains("8 records, 8 events, 8 routed, 0 skipped, 0 malformed", output);
        Import(Evtx("DSE_bypass_BYOV_TDL_dummydriver_sysmon_6_7_13.evtx"));

        // rundll32 by its Sysmon GUID: cmd.exe above it, mshta and schtasks below.
        var tree = Ask("tree", "365abb72-1a29-5ce4-0000-00107be42101", "--format", "csv").Split('\n');
        Assert.Contains(tree, line => line.StartsWith("ancestor,") && line.Contains(",1532,") && line.Contains(@"C:\Windows\System32\cmd.exe"));
        Assert.Contains(tree, line => line.StartsWith("process,") && line.Contains(",2920,") && line.Contains(@"C:\Windows\System32\rundll32.exe"));
        Assert.Contains(tree, line => line.StartsWith("descendant,") && line.Contains(",2432,") && line.Contains("365abb72-1a29-5ce4-0000-001079f92101"));
        Assert.Contains(tree, line => line.StartsWith("descendant,") && line.Contains(",3772,") && line.Contains(@"C:\Windows\System32\schtasks.exe"));

        // mshta's connection to 108.179.232.58:443, on one row (the endpoint's address and port are columns of their own).
        var net = Ask("net", "--format", "csv").Split('\n');
        Assert.Contains(net, line => line.Contains(@"C:\Windows\System32\mshta.exe") && line.Contains(",108.179.232.58,443,"));

        var timeline = Ask("timeline", "--since", "2020-02-10T08:28:00Z", "--until", "2020-02-10T08:29:00Z", "--format", "csv");
        foreach (var type in new[] { "process.start", "file.create", "registry.value_set", "driver.load", "process.exit", "image.load" })
            Assert.Contains(type, timeline);

        var file = Ask("file", @"C:\Windows\System32\drivers\VBoxDrv.sys", "--format", "csv");
        Assert.Contains(@"c:\Users\Public\BYOV\TDL\Furutaka.exe", file);
    }

    [Fact]
    public void Security_logons_and_failed_logons_are_stored_as_sessions_and_authentications()
    {
        Import(Evtx("CA_4624_4625_LogonType2_LogonProc_chrome.evtx"));
        Import(Evtx("DE_RDP_Tunneling_4624.evtx"));

        var logins = Ask("query", "select count(*) from session_login", "--format", "csv");
        Assert.Contains("21", logins);
        var failure = Ask("query", "select auth_account, auth_message, process_path from auth_failure", "--format", "csv");
        Assert.Contains(@"IEUser,""bad password (status 0xc000006d, sub-status 0xc000006a)"",C:\Program Files (x86)\Google\Chrome\Application\chrome.exe", failure);
    }

    [Fact]
    public void A_subscription_can_name_the_types_the_importer_declares()
    {
        // process.access (Sysmon 10) is declared by the plugin's importer, not built in: a subscription that names it
        // is valid, and the import stores it there.
        File.WriteAllText(Path.Combine(_root, "subscriptions", "access.yaml"), """
            module: evtx-access
            subscriptions:
              - name: opened-processes
                events: [process.access]
                sink: { name: sqlite, options: { path: access.db } }
            """);
        var output = Import(Evtx("PanacheSysmon_vs_AtomicRedTeam01.evtx"));
        Assert.DoesNotContain("unknown event type", output);
        var (exit, rows, errors) = RecorderCli.Run("query", "select count(*) as n from process_access", "--db", Path.Combine(_root, "data", "access.db"), "--format", "csv", "--local");
        Assert.True(exit == 0, errors + rows);
        Assert.Equal("1", rows.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1].Trim());
    }

    [Fact]
    public void A_logs_events_no_typed_mapping_covers_are_stored_as_windows_event_with_their_fields()
    {
        // A Task Scheduler log (event 142, task disabled) from SigmaHQ's regression data: not Sysmon, not a logon.
        var log = Path.Combine(RepoPaths.SharedData, "sigma", "regression_data", "rules", "windows", "builtin", "taskscheduler",
            "win_taskscheduler_susp_schtasks_delete_or_disable", "9e3cb244-bdb8-4632-8c90-6079c8f4f16d.evtx");
        var output = Import(log);
        Assert.Contains("1 records, 1 events, 1 routed, 0 skipped, 0 malformed", output);

        var rows = Ask("query", """select windows_provider, windows_channel, windows_event_id, json_extract(tags, '$."windows.data.TaskName"') as task from windows_event""", "--format", "csv");
        Assert.Contains(@"Microsoft-Windows-TaskScheduler,Microsoft-Windows-TaskScheduler/Operational,142,\Microsoft\Windows\SystemRestore\SR", rows);
    }

    [Fact]
    public void A_damaged_chunk_is_named_by_file_and_offset_and_a_truncated_header_is_refused()
    {
        var damaged = Path.Combine(_root, "damaged.evtx");
        var bytes = File.ReadAllBytes(Evtx("CA_4624_4625_LogonType2_LogonProc_chrome.evtx"));
        bytes[4096 + 600] ^= 0xFF; // inside the first chunk's records: its checksum no longer matches
        File.WriteAllBytes(damaged, bytes);

        var (exit, output, errors) = RecorderCli.Run("import", damaged, "--config", _config);
        Assert.True(exit == 0, errors + output);
        Assert.Contains("0 records, 0 events, 0 routed, 0 skipped, 1 malformed", output);
        Assert.Contains($"{damaged}:offset 4096: chunk 0: event records checksum does not match", errors);

        var truncated = Path.Combine(_root, "truncated.evtx");
        File.WriteAllBytes(truncated, bytes[..64]);
        var (refusedExit, refusedOutput, refusedErrors) = RecorderCli.Run("import", truncated, "--config", _config);
        Assert.NotEqual(0, refusedExit);
        Assert.Contains(truncated, refusedErrors + refusedOutput);
        Assert.Contains("offset 0: not an EVTX file", refusedErrors + refusedOutput);
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}

using Recorder.Tests.Shared;

namespace Recorder.Host.Tests.Cli;

/// <summary>
/// `recorder import file.etl` over the built, signed Windows ETW plugin, on Linux: the real Windows 10 kernel trace goes
/// into SQLite and tree, timeline and the process tables answer on it as on Linux history; a trace of libtrace's real
/// file, registry and TCP payloads is answered by file and net; damage is named by file and offset.
/// </summary>
public sealed class EtlImportCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("recorder-etl-import-").FullName;
    private readonly string _config;
    private string Database => ImportConfiguration.Database(_root, "windows.db");

    private static string Trace => Path.Combine(RepoPaths.SharedData, "windows", "etl", "ShutdownPerfDiagLogger.etl");

    public EtlImportCommandTests()
    {
        _config = ImportConfiguration.Write(_root, "etl-import-test", "windows.db");
    }

    private string Import(string path)
    {
        var (exit, output, errors) = RecorderCli.Run("import", path, "--config", _config);
        Assert.True(exit == 0, errors + output);
        Assert.Contains($"imported {path} as etl (recorder.collectors.windowsetw):", output);
        return output;
    }

    private string Ask(params string[] arguments)
    {
        var (exit, output, errors) = RecorderCli.Run([.. arguments, "--db", Database, "--local"]);
        Assert.True(exit == 0, errors + output);
        return output;
    }

    [Fact]
    public void The_real_kernel_trace_imports_and_answers_tree_timeline_and_queries()
    {
        var output = Import(Trace);
        // 94 processes running (rundown), 60 exits, 72 image loads and 6,745 listed images (some of them drivers).
        Assert.Contains("17078 records, 6971 events, 6971 routed, 10106 skipped, 0 malformed", output);

        // services.exe (PID 600): wininit.exe above it, svchost.exe -k DcomLaunch below.
        var tree = Ask("tree", "600", "--format", "csv").Split('\n');
        Assert.Contains(tree, line => line.StartsWith("ancestor,") && line.Contains(",504,wininit.exe,"));
        Assert.Contains(tree, line => line.StartsWith("process,") && line.Contains(@",600,services.exe,C:\Windows\system32\services.exe,"));
        Assert.Contains(tree, line => line.StartsWith("descendant,") && line.Contains(@",764,svchost.exe,C:\Windows\system32\svchost.exe -k DcomLaunch -p,"));

        var timeline = Ask("timeline", "--since", "2020-02-28T17:15:00Z", "--until", "2020-02-28T17:16:00Z", "--limit", "100000", "--format", "csv");
        foreach (var type in new[] { "process.start", "image.load", "driver.load", "process.exit" })
            Assert.Contains($",{type},", timeline);

        var exits = Ask("query", "select process_pid, process_path, process_exit_code from process_exit where process_pid = 6920", "--format", "csv");
        Assert.Contains("6920,vmtoolsd.exe,0", exits);
        var images = Ask("query", "select count(*) from image_load where process_pid = 3856 and image_path like '%\\ntdll.dll'", "--format", "csv");
        Assert.Contains("1", images.Split('\n')[1]);
        var drivers = Ask("query", "select driver_path from driver_load where driver_name = 'ntoskrnl.exe'", "--format", "csv");
        Assert.Contains(@"\SystemRoot\system32\ntoskrnl.exe", drivers);
    }

    [Fact]
    public void File_registry_and_tcp_events_are_answered_by_file_net_and_timeline()
    {
        var path = Path.Combine(_root, "payloads.etl");
        new EtlTraceBuilder()
            .Add("kProcessStartPayloadV4", group: 0x03, pid: 5896, secondsAfterStart: 1)            // xperf -stop, PID 2700
            .Add("kFileIOFileCreatePayload32bitsV2", group: 0x04, pid: 2700, secondsAfterStart: 2)  // a file name for key 2928799992
            .Add("kFileIOFileDeletePayload32bitsV2", group: 0x04, pid: 2700, secondsAfterStart: 3)  // a file name for key 2978713848
            .Add("kFileIODeletePayload32bitsV2", group: 0x04, pid: 2700, secondsAfterStart: 4)      // ... which xperf deletes
            .Add("kRegistrySetValuePayload32bitsV2", group: 0x09, pid: 2700, secondsAfterStart: 5)
            .Add("kTcplpConnectIPV4Payload32bitsV2", group: 0x06, pid: 4, secondsAfterStart: 6)     // PID 3768 in the payload
            .Write(path);
        var output = Import(path);
        // The header buffer's three events (header, two header extensions) and the two name events are not mapped.
        Assert.Contains("9 records, 4 events, 4 routed, 4 skipped, 0 malformed", output);

        var file = Ask("file", "Anonymized string. Dummy content. False value. Fake characters. Anonymized string. Dummy content.", "--format", "csv");
        Assert.Contains(",file.delete,", file);
        Assert.Contains(",2700,", file);
        Assert.Contains(",xperf.exe,xperf  -stop,", file);

        var net = Ask("net", "--format", "csv").Split('\n');
        Assert.Contains(net, line => line.Contains(",3768,") && line.Contains(",131.253.13.21,80,"));

        var registry = Ask("query", "select process_pid, registry_value from registry_value_set", "--format", "csv");
        Assert.Contains(@"2700,{Q65231O0-O2S1-4857-N4PR-N8R7P6RN7Q27}\pzq.rkr", registry);
    }

    [Fact]
    public void A_damaged_buffer_is_named_by_file_and_offset_and_a_truncated_trace_is_refused()
    {
        var damaged = Path.Combine(_root, "damaged.etl");
        var bytes = File.ReadAllBytes(Trace);
        bytes[5 * 65536 + 0x48 + 2] = 0x77; // the first event of buffer 5 has an unknown header type
        File.WriteAllBytes(damaged, bytes);
        var (exit, output, errors) = RecorderCli.Run("import", damaged, "--config", _config);
        Assert.True(exit == 0, errors + output);
        Assert.Contains("1 malformed", output);
        Assert.Contains($"{damaged}:offset {5 * 65536 + 0x48}: unknown event header type 0x77", errors + output);

        var truncated = Path.Combine(_root, "truncated.etl");
        File.WriteAllBytes(truncated, bytes[..100]);
        var (refusedExit, refusedOutput, refusedErrors) = RecorderCli.Run("import", truncated, "--config", _config);
        Assert.NotEqual(0, refusedExit);
        Assert.Contains($"{truncated}: offset 0: not an ETL file: truncated first buffer (100 of 65536 bytes)", refusedErrors + refusedOutput);
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}

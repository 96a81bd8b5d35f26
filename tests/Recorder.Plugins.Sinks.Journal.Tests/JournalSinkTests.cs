using System.IO.Compression;
using System.Text.Json;

namespace Recorder.Plugins.Sinks.Journal.Tests;

public sealed class JournalSinkTests
{
    private static readonly DateTime T0 = new(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc);

    private static JournalSink Sink(string folder, FakePluginServices services, Dictionary<string, string?>? options = null, TimeProvider? clock = null)
    {
        var settings = new FakeOptions(options ?? new()).Bind<JournalSinkOptions>().Validate(folder);
        return new JournalSink(settings with { Folder = folder }, services, clock ?? TimeProvider.System) { RetryDelay = TimeSpan.Zero };
    }

    private static List<JsonElement> ReadAll(string folder)
    {
        var lines = new List<string>();
        foreach (var file in JournalFiles.Rotated(folder))
        {
            using var stream = file.Name.EndsWith(".gz", StringComparison.Ordinal)
                ? (Stream)new GZipStream(file.OpenRead(), CompressionMode.Decompress) : file.OpenRead();
            using var reader = new StreamReader(stream);
            lines.AddRange(reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        var current = Path.Combine(folder, JournalFiles.CurrentName);
        if (File.Exists(current)) lines.AddRange(File.ReadAllText(current).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        return lines.Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }

    [Fact]
    public async Task Writes_one_json_object_per_line_with_the_documented_dotted_field_names()
    {
        using var dir = new TempDirectory();
        var sink = Sink(dir.Path, new FakePluginServices(dir.Path));
        var bash = Events.Process(1200, "/bin/bash", "-bash", "alice", null, T0.AddMinutes(-1));
        var curl = Events.Process(3000, "/usr/bin/curl", "curl \"http://x\"\n", "alice", bash, T0);
        var connect = Events.Connect(curl, T0.AddTicks(1234567), "2001:db8::1", 443);
        connect.Tags["rule"] = "egress";
        var write = Events.File(EventSchemas.FileWrite, curl, T0.AddSeconds(1), "/tmp/ünï \"q\"");
        await sink.WriteBatchAsync([connect, write], default);
        await sink.ShutdownAsync(default);

        var text = File.ReadAllText(Path.Combine(dir.Path, "events.jsonl"));
        Assert.Equal(2, text.Count(c => c == '\n'));
        Assert.EndsWith("\n", text);
        var rows = ReadAll(dir.Path);
        var c = rows[0];
        Assert.Equal("2026-11-20T10:00:00.1234567Z", c.GetProperty("event.time").GetString());
        Assert.Equal("network.connect", c.GetProperty("event.type").GetString());
        Assert.Equal(connect.Id, c.GetProperty("event.id").GetInt64());
        Assert.Equal("success", c.GetProperty("event.outcome").GetString());
        Assert.Equal(3000, c.GetProperty("process.pid").GetInt64());
        Assert.Equal(curl.Guid.ToString(), c.GetProperty("process.guid").GetString());
        Assert.Equal(bash.Guid.ToString(), c.GetProperty("process.parent_guid").GetString());
        Assert.Equal("curl \"http://x\"\n", c.GetProperty("process.cmd").GetString());
        Assert.Equal(["/bin/bash"], c.GetProperty("process.ancestry_path").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal("2001:db8::1", c.GetProperty("network.remote_address").GetString());
        Assert.Equal(443, c.GetProperty("network.remote_port").GetInt64());
        Assert.Equal("egress", c.GetProperty("tags").GetProperty("rule").GetString());
        Assert.False(c.TryGetProperty("network.unix_path", out _)); // absent values are left out
        Assert.Equal("/tmp/ünï \"q\"", rows[1].GetProperty("file.path").GetString());

        // Every key is a documented field name.
        var documented = CommonFields.All.Select(f => f.Name).Concat(EventSchemas.All.SelectMany(s => s.Fields.Select(f => f.Name))).Append("tags").ToHashSet();
        foreach (var row in rows)
            foreach (var property in row.EnumerateObject())
                Assert.Contains(property.Name, documented);
    }

    [Fact]
    public async Task Process_args_is_written_as_a_json_array_that_reads_back_exactly()
    {
        using var dir = new TempDirectory();
        var sink = Sink(dir.Path, new FakePluginServices(dir.Path));
        // A space, quotes, a newline, an empty argument, non-ASCII, and a byte that is not UTF-8 (as LosslessUtf8 keeps it).
        string[] args = ["/bin/echo", "two words", "q\"uote 'single'", "new\nline", "", "ünïcødé ✓", LosslessUtf8.Decode([0xff, (byte)'x']), "back\\slash"];
        var start = Events.Start(Events.Process(3000, "/usr/bin/echo", "echo", "alice", null, T0), T0);
        start.Process.Arguments = args;
        start.Process.ContainerId = "3f1a9c0d2b4e";
        var exit = Events.Make(EventSchemas.ProcessExit, Events.Process(3001, "/usr/bin/true", "true", "alice", null, T0), T0);
        await sink.WriteBatchAsync([start, exit], default);
        await sink.ShutdownAsync(default);

        var rows = ReadAll(dir.Path);
        var written = rows[0].GetProperty("process.args");
        Assert.Equal(JsonValueKind.Array, written.ValueKind);
        Assert.Equal(args, written.EnumerateArray().Select(a => a.GetString()!));
        Assert.Equal([0xff, (byte)'x'], LosslessUtf8.Encode(written[6].GetString()!));
        Assert.Equal("3f1a9c0d2b4e", rows[0].GetProperty("process.container_id").GetString());
        Assert.False(rows[1].TryGetProperty("process.args", out _)); // unknown argv is left out, not written as []
    }

    [Fact]
    public void Files_rotated_within_one_millisecond_are_taken_oldest_first()
    {
        using var dir = new TempDirectory();
        string[] oldestFirst = ["events-20261202T101010999Z.jsonl.gz", "events-20261202T101011000Z.jsonl.gz",
            "events-20261202T101011000Z-1.jsonl.gz", "events-20261202T101011000Z-2.jsonl", "events-20261202T101011000Z-10.jsonl.gz",
            "events-20261202T101011001Z.jsonl"];
        foreach (var name in oldestFirst.Reverse()) File.WriteAllText(Path.Combine(dir.Path, name), "");
        Assert.Equal(oldestFirst, JournalFiles.Rotated(dir.Path).Select(f => f.Name));
    }

    [Fact]
    public async Task Rotates_by_size_keeps_max_files_gzipped_and_loses_no_line_in_between()
    {
        using var dir = new TempDirectory();
        var services = new FakePluginServices(dir.Path);
        var sink = Sink(dir.Path, services, new() { ["max_file_mb"] = "0.05", ["max_files"] = "3", ["compress"] = "true" });
        var events = Events.Mix(T0, TimeSpan.FromMilliseconds(10), 3000).ToList();
        await WriteInBatches(sink, events, 50);
        await sink.ShutdownAsync(default);

        var rotated = JournalFiles.Rotated(dir.Path);
        Assert.Equal(3, rotated.Count);
        Assert.All(rotated, f => Assert.EndsWith(".jsonl.gz", f.Name));
        Assert.True(services.CounterValue("rotations") > 3);
        Assert.Equal(services.CounterValue("rotations") - 3, services.CounterValue("files_deleted"));

        // What is kept is the newest history, every line whole and none missing.
        var ids = ReadAll(dir.Path).Select(r => r.GetProperty("event.id").GetInt64()).ToList();
        Assert.Equal(events[^1].Id, ids[^1]);
        Assert.Equal(Enumerable.Range(0, ids.Count).Select(i => ids[0] + i), ids);
        Assert.True(ids.Count < events.Count);
    }

    [Fact]
    public async Task Keeps_every_journal_file_within_the_size_budget()
    {
        using var dir = new TempDirectory();
        var sink = Sink(dir.Path, new FakePluginServices(dir.Path), new() { ["max_file_mb"] = "0.05", ["max_files"] = "100", ["max_size_mb"] = "0.25", ["compress"] = "false" });
        long max = 0;
        var batch = new List<RecorderEvent>();
        foreach (var e in Events.Mix(T0, TimeSpan.FromMilliseconds(10), 5000))
        {
            batch.Add(e);
            if (batch.Count < 20) continue;
            await sink.WriteBatchAsync(batch, default);
            batch = new List<RecorderEvent>();
            max = Math.Max(max, JournalFiles.TotalBytes(dir.Path));
        }
        await sink.ShutdownAsync(default);
        var budget = 0.25 * 1048576;
        Assert.True(max <= budget * 1.05, $"journal reached {max} bytes, budget {budget}");
        Assert.True(max > budget * 0.5, "the budget was never approached: write more");
    }

    [Fact]
    public async Task Deletes_rotated_files_older_than_max_age()
    {
        using var dir = new TempDirectory();
        var old = Path.Combine(dir.Path, "events-20260101T000000000Z.jsonl.gz");
        var recent = Path.Combine(dir.Path, "events-20261120T000000000Z.jsonl.gz");
        File.WriteAllText(old, "");
        File.WriteAllText(recent, "");
        File.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddDays(-40));
        File.SetLastWriteTimeUtc(recent, DateTime.UtcNow.AddDays(-2));
        var sink = Sink(dir.Path, new FakePluginServices(dir.Path), new() { ["max_age_days"] = "30" });
        await sink.WriteBatchAsync([Events.Start(Events.Process(1, "/sbin/init", "init", "root", null, T0), T0)], default);
        await sink.ShutdownAsync(default);
        Assert.False(File.Exists(old));
        Assert.True(File.Exists(recent));
    }

    [Fact]
    public async Task A_torn_last_line_is_cut_off_on_restart_and_earlier_lines_are_kept()
    {
        using var dir = new TempDirectory();
        var services = new FakePluginServices(dir.Path);
        var sink = Sink(dir.Path, services);
        var events = Events.Mix(T0, TimeSpan.FromMilliseconds(10), 100).ToList();
        await sink.WriteBatchAsync(events, default);
        await sink.ShutdownAsync(default);

        // A crash in the middle of a write leaves half a line.
        const string torn = "{\"event.time\":\"2026-11-20T10:00:05Z\",\"event.type\":\"file.wr";
        File.AppendAllText(Path.Combine(dir.Path, "events.jsonl"), torn);

        var restarted = Sink(dir.Path, services);
        var next = Events.Mix(T0.AddMinutes(1), TimeSpan.FromMilliseconds(10), 10, seed: 3).ToList();
        await restarted.WriteBatchAsync(next, default);
        await restarted.ShutdownAsync(default);

        var ids = ReadAll(dir.Path).Select(r => r.GetProperty("event.id").GetInt64()).ToList(); // every line parses
        Assert.Equal(events.Concat(next).Select(e => e.Id), ids);
        Assert.Equal(torn.Length, services.CounterValue("torn_bytes_repaired"));
        Assert.Contains(services.Logs, l => l.Contains("torn last line"));
    }

    [RootFact]
    public async Task A_full_disk_is_counted_and_reported_and_writing_resumes_with_whole_lines()
    {
        using var mount = new TestMount("256k");
        var services = new FakePluginServices(mount.Path);
        var sink = Sink(mount.Path, services, new() { ["max_file_mb"] = "64", ["max_size_mb"] = "1024" });
        var source = Events.Mix(T0, TimeSpan.FromMilliseconds(10), 1_000_000).GetEnumerator();
        List<RecorderEvent> Next(int n) { var b = new List<RecorderEvent>(); while (b.Count < n && source.MoveNext()) b.Add(source.Current); return b; }

        for (var i = 0; i < 1000 && services.CounterValue("dropped_disk_full") == 0; i++) await sink.WriteBatchAsync(Next(50), default);
        Assert.True(services.CounterValue("dropped_disk_full") >= 50);
        Assert.False(services.Health["disk"].Healthy);

        mount.Remount("size=8m");
        var resumed = Next(50);
        await sink.WriteBatchAsync(resumed, default);
        Assert.True(services.Health["disk"].Healthy, services.Health["disk"].Detail);
        await sink.ShutdownAsync(default);

        var rows = ReadAll(mount.Path); // the line torn by the full disk was cut: every line parses
        Assert.Equal(services.CounterValue("events_written"), rows.Count);
        Assert.Equal(resumed[^1].Id, rows[^1].GetProperty("event.id").GetInt64());
    }

    [Fact]
    public void Provider_names_the_bad_option()
    {
        using var dir = new TempDirectory();
        var services = new FakePluginServices(dir.Path);
        var provider = new JournalSinkProvider();
        Assert.IsType<JournalSink>(provider.CreateSink(new SinkContext(new FakeOptions(new Dictionary<string, string?> { ["path"] = "j" }), services)));
        Assert.Equal(Path.Combine(dir.Path, "j"), services.Status["path"]);
        foreach (var (key, value) in new[] { ("max_files", "0"), ("max_file_mb", "0"), ("max_age_days", "0"), ("flush_interval_ms", "-1"), ("max_size_mb", "0.01") })
        {
            var error = Assert.Throws<PluginOptionsException>(() =>
                provider.CreateSink(new SinkContext(new FakeOptions(new Dictionary<string, string?> { [key] = value }), services)));
            Assert.Equal(key, error.Option);
        }
    }

    [Fact]
    public async Task With_format_ecs_every_line_is_a_valid_ecs_document_of_this_machine()
    {
        using var dir = new TempDirectory();
        var sink = Sink(dir.Path, new FakePluginServices(dir.Path), new() { ["format"] = "ecs" });
        var bash = Events.Process(1200, "/bin/bash", "-bash", "alice", null, T0.AddMinutes(-1));
        var curl = Events.Process(3000, "/usr/bin/curl", "curl http://x", "alice", bash, T0);
        var connect = Events.Connect(curl, T0.AddTicks(1234567), "2001:db8::1", 443);
        connect.Tags["rule"] = "egress";
        await sink.WriteBatchAsync([Events.Start(curl, T0), connect, Events.File(EventSchemas.FileWrite, curl, T0.AddSeconds(1), "/tmp/x")], default);
        await sink.ShutdownAsync(default);

        var rows = ReadAll(dir.Path);
        Assert.Equal(3, rows.Count);
        var validator = new Recorder.Tests.Ecs.EcsDocumentValidator(Recorder.Tests.Ecs.EcsFieldDefinitions.Current);
        foreach (var row in rows) Assert.Empty(validator.Validate(row));
        var c = rows[1];
        Assert.Equal("2026-11-20T10:00:00.1234567Z", c.GetProperty("@timestamp").GetString());
        Assert.Equal("network.connect", c.GetProperty("event").GetProperty("action").GetString());
        Assert.Equal("2001:db8::1", c.GetProperty("destination").GetProperty("ip").GetString());
        Assert.Equal(443, c.GetProperty("destination").GetProperty("port").GetInt64());
        Assert.Equal(curl.Guid.ToString(), c.GetProperty("process").GetProperty("entity_id").GetString());
        Assert.Equal("egress", c.GetProperty("labels").GetProperty("rule").GetString());
        Assert.Equal(Recorder.Contracts.Ecs.EcsHostInfo.Current.Name, c.GetProperty("host").GetProperty("name").GetString());
        Assert.Equal("/tmp/x", rows[2].GetProperty("file").GetProperty("path").GetString());
    }

    [Fact]
    public void An_unknown_format_is_refused_naming_the_option()
    {
        using var dir = new TempDirectory();
        var error = Assert.Throws<PluginOptionsException>(() => new JournalSinkProvider().CreateSink(
            new SinkContext(new FakeOptions(new Dictionary<string, string?> { ["path"] = "j", ["format"] = "elastic" }), new FakePluginServices(dir.Path))));
        Assert.Equal("format", error.Option);
        Assert.Contains("recorder or ecs", error.Message);
    }

    [Fact]
    public void A_path_that_looks_like_a_journal_file_is_refused_naming_the_folder_to_use()
    {
        using var dir = new TempDirectory();
        var services = new FakePluginServices(dir.Path);
        var error = Assert.Throws<PluginOptionsException>(() => new JournalSinkProvider().CreateSink(
            new SinkContext(new FakeOptions(new Dictionary<string, string?> { ["path"] = "journal/events.jsonl" }), services)));
        Assert.Equal("path", error.Option);
        Assert.Contains("use 'journal'", error.Message);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "journal")));
    }

    [Fact]
    public async Task Every_folder_the_sink_creates_is_owner_only()
    {
        using var dir = new TempDirectory();
        var folder = Path.Combine(dir.Path, "a", "b", "journal");
        var sink = Sink(folder, new FakePluginServices(dir.Path));
        var proc = Events.Process(1, "/bin/true", "true", "root", null, T0);
        await sink.WriteBatchAsync([Events.File(EventSchemas.FileWrite, proc, T0, "/tmp/x")], default);
        await sink.ShutdownAsync(default);

        Assert.True(File.Exists(Path.Combine(folder, "events.jsonl")));
        foreach (var created in new[] { Path.Combine(dir.Path, "a"), Path.Combine(dir.Path, "a", "b"), folder })
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(created));
    }

    private static async Task WriteInBatches(JournalSink sink, List<RecorderEvent> events, int size)
    {
        for (var i = 0; i < events.Count; i += size)
            await sink.WriteBatchAsync(events.GetRange(i, Math.Min(size, events.Count - i)), default);
    }
}

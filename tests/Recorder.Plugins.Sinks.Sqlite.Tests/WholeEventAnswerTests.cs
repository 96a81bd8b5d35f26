using System.Text.Json;
using Recorder.Contracts.Commands;
using Recorder.Plugins.Sinks.Sqlite.Commands;

namespace Recorder.Plugins.Sinks.Sqlite.Tests;

/// <summary>
/// Every question's JSON lines carry the whole event under the journal's names (flat dotted keys, absent fields left
/// out, argv and ancestry as arrays, tags as an object): the command line, login user, parent and exact argv are in
/// every answer, not only the columns of its table.
/// </summary>
public sealed class WholeEventAnswerTests : IDisposable
{
    private static readonly DateTime T0 = new(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc);
    private static readonly string[] OddArgs = ["/bin/echo", "two words", "new\nline", "q\"uote", "ünïcødé", new string('x', 12 * 1024)];
    private static readonly Events.Proc Shell = Events.Process(4100, "/bin/bash", "-bash", "alice", null, T0);
    private static readonly Events.Proc Echo = Events.Process(4200, "/bin/echo", "/bin/echo 'two words' …", "alice", Shell, T0.AddMinutes(1));

    private readonly TempDirectory _data = new();
    private readonly List<RecorderEvent> _written = [];

    public WholeEventAnswerTests()
    {
        var start = Events.Start(Echo, T0.AddMinutes(1));
        start.Process.Arguments = OddArgs;
        start.Tags["rule"] = "exec";
        var rename = Events.File(EventSchemas.FileRename, Echo, T0.AddMinutes(2), "/tmp/new");
        rename["file.old_path"] = "/tmp/old";
        var connect = Events.Connect(Echo, T0.AddMinutes(3), "192.0.2.7", 443);
        _written.AddRange([start, rename, connect]);
        foreach (var e in _written) e.Process.Arguments = OddArgs;
        var sink = StoreTestHelpers.Sink(_data.File("recorder.db"), new FakePluginServices(_data.Path));
        sink.WriteAsync(_written).GetAwaiter().GetResult();
        sink.ShutdownAsync(default).AsTask().GetAwaiter().GetResult();
    }

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Timeline_rows_are_the_whole_events_with_the_journals_names()
    {
        var rows = await Jsonl(new TimelineCommand(), new() { ["since"] = ["2026-11-20T09:00:00Z"], ["until"] = ["2026-11-20T11:00:00Z"] });

        Assert.Equal(3, rows.Count);
        for (var i = 0; i < rows.Count; i++)
            Assert.Equal(JournalNames(_written[i]).Order(), rows[i].EnumerateObject().Select(p => p.Name).Order());
        var start = rows[0];
        Assert.Equal("process.start", start.GetProperty("event.type").GetString());
        Assert.Equal(OddArgs, start.GetProperty("process.args").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("alice", start.GetProperty("process.login_user_name").GetString());
        Assert.Equal(Shell.Guid.ToString(), start.GetProperty("process.parent_guid").GetString());
        Assert.Equal(["/bin/bash"], start.GetProperty("process.ancestry_path").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("exec", start.GetProperty("tags").GetProperty("rule").GetString());
        Assert.Equal("2026-11-20T10:01:00.0000000Z", start.GetProperty("event.time").GetString());
        Assert.Equal("/tmp/old", rows[1].GetProperty("file.old_path").GetString());
        Assert.Equal(443, rows[2].GetProperty("network.remote_port").GetInt64());
    }

    [Fact]
    public async Task File_net_and_tree_answers_carry_the_exact_argv_too()
    {
        var file = Assert.Single(await Jsonl(new FileCommand(), new() { ["path"] = ["/tmp/old"] }));
        var net = Assert.Single(await Jsonl(new NetCommand(), new()));
        var tree = await Jsonl(new TreeCommand(), new() { ["process"] = [Echo.Guid.ToString()] });

        Assert.Equal("file.rename", file.GetProperty("event.type").GetString());
        Assert.Equal("/tmp/new", file.GetProperty("file.path").GetString());
        Assert.Equal("10.0.0.5", net.GetProperty("network.local_address").GetString());
        var echo = Assert.Single(tree, r => r.GetProperty("tree.relation").GetString() == "process");
        foreach (var row in new[] { file, net, echo })
        {
            Assert.Equal(OddArgs, row.GetProperty("process.args").EnumerateArray().Select(a => a.GetString()));
            Assert.Equal("/bin/bash", row.GetProperty("process.parent_path").GetString());
        }
    }

    [Fact]
    public async Task The_timeline_table_shows_the_command_line_and_both_paths_of_a_rename()
    {
        var (exit, output, errors) = await Run(new TimelineCommand(), new() { ["since"] = ["2026-11-20T09:00:00Z"], ["until"] = ["2026-11-20T11:00:00Z"], ["format"] = ["table"] });

        Assert.True(exit == 0, errors);
        var lines = output.Split('\n');
        Assert.Contains("command_line", lines[0]);
        Assert.Contains(lines, l => l.Contains("file.rename") && l.Contains("file.path=/tmp/new") && l.Contains("file.old_path=/tmp/old"));
        Assert.Contains(lines, l => l.Contains("process.start") && l.Contains("/bin/echo 'two words'"));
    }

    [Fact]
    public async Task A_path_with_bytes_that_are_not_utf8_is_shown_as_escapes_and_found_by_them()
    {
        using var dir = new TempDirectory();
        var odd = LosslessUtf8.Decode([.. "/tmp/"u8, 0xff, 0xfe, .. "-ü"u8]);
        var sink = StoreTestHelpers.Sink(dir.File("recorder.db"), new FakePluginServices(dir.Path));
        await sink.WriteAsync([Events.File(EventSchemas.FileCreate, Echo, T0, odd)]);
        await sink.ShutdownAsync(default);

        var output = new StringWriter();
        var invocation = new CommandInvocation(["file"], new Dictionary<string, IReadOnlyList<string>>
        {
            ["path"] = [@"/tmp/\xff\xfe-ü"], ["db"] = [dir.File("recorder.db")], ["format"] = ["table"],
        }) { Output = output, Error = new StringWriter(), HostDataDirectory = dir.Path, ConfigurationSource = "test", Settings = new FakeOptions(new Dictionary<string, string?>()) };
        Assert.Equal(0, await new FileCommand().InvokeAsync(invocation, default));
        Assert.Contains(@"/tmp/\xff\xfe-ü", output.ToString());
        Assert.Contains("(1 row)", output.ToString());
    }

    /// <summary>The names the journal writes for an event: present common fields, present own fields, tags.</summary>
    private static IEnumerable<string> JournalNames(RecorderEvent e)
    {
        foreach (var field in CommonFields.All)
        {
            CommonFields.TryGetAccessor(field.Name, out var get);
            var value = get(e);
            if (value is null || (value is IEnumerable<string?> list && value is not string && !list.Any())) continue;
            yield return field.Name;
        }
        for (var i = 0; i < e.Schema.Fields.Count; i++)
            if (e[i] is not null) yield return e.Schema.Fields[i].Name;
        if (e.HasTags) yield return "tags";
    }

    private async Task<List<JsonElement>> Jsonl(IRecorderCommand command, Dictionary<string, string[]> values)
    {
        values["format"] = ["jsonl"];
        var (exit, output, errors) = await Run(command, values);
        Assert.True(exit == 0, errors);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }

    private async Task<(int Exit, string Output, string Errors)> Run(IRecorderCommand command, Dictionary<string, string[]> values)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var invocation = new CommandInvocation([command.Description.Name], values.ToDictionary(v => v.Key, v => (IReadOnlyList<string>)v.Value))
        {
            Output = output,
            Error = errors,
            HostDataDirectory = _data.Path,
            ConfigurationSource = "test",
            Settings = new FakeOptions(new Dictionary<string, string?>()),
        };
        var exit = await command.InvokeAsync(invocation, default);
        return (exit, output.ToString(), errors.ToString());
    }
}

using System.Text.Json;
using Recorder.Contracts.Commands;
using Recorder.Contracts.Ecs;
using Recorder.Plugins.Sinks.Sqlite.Commands;
using Recorder.Tests.Ecs;

namespace Recorder.Plugins.Sinks.Sqlite.Tests;

/// <summary>
/// <c>--format ecs</c> of timeline, file, net and tree: one ECS 8.11 document per row, valid against the pinned
/// field definitions and equal to what the journal writes for the same event (the stored event comes back whole).
/// </summary>
public sealed class EcsAnswerTests : IDisposable
{
    private static readonly DateTime T0 = new(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc);
    private static readonly string[] Args = ["/bin/echo", "two words", "ünïcødé"];
    private static readonly Events.Proc Shell = Events.Process(4100, "/bin/bash", "-bash", "alice", null, T0);
    private static readonly Events.Proc Echo = Events.Process(4200, "/bin/echo", "/bin/echo 'two words' ünïcødé", "alice", Shell, T0.AddMinutes(1));
    private static readonly EcsDocumentValidator Validator = new(EcsFieldDefinitions.Current);

    private readonly TempDirectory _data = new();
    private readonly List<RecorderEvent> _written = [];

    public EcsAnswerTests()
    {
        var start = Events.Start(Echo, T0.AddMinutes(1));
        start.Tags["audit.key"] = "exec";
        var rename = Events.File(EventSchemas.FileRename, Echo, T0.AddMinutes(2), "/tmp/new");
        rename["file.old_path"] = "/tmp/old";
        var connect = Events.Connect(Echo, T0.AddMinutes(3), "192.0.2.7", 443);
        _written.AddRange([start, rename, connect]);
        foreach (var e in _written) e.Process.Arguments = Args;
        var sink = StoreTestHelpers.Sink(_data.File("recorder.db"), new FakePluginServices(_data.Path));
        sink.WriteAsync(_written).GetAwaiter().GetResult();
        sink.ShutdownAsync(default).AsTask().GetAwaiter().GetResult();
    }

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Timeline_in_ecs_is_the_same_document_the_journal_writes_for_each_stored_event()
    {
        var rows = await Ecs(new TimelineCommand(), new() { ["since"] = ["2026-11-20T09:00:00Z"], ["until"] = ["2026-11-20T11:00:00Z"] });

        Assert.Equal(3, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Empty(Validator.Validate(rows[i]));
            var expected = JsonDocument.Parse(EcsDocument.ToUtf8(_written[i], EcsHostInfo.Current)).RootElement;
            Assert.Equal(expected.GetRawText(), rows[i].GetRawText());
        }
        var start = rows[0];
        Assert.Equal(Args, start.GetProperty("process").GetProperty("args").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("exec", start.GetProperty("labels").GetProperty("audit_key").GetString());
        Assert.Equal(EcsHostInfo.Current.Name, start.GetProperty("host").GetProperty("name").GetString());
        Assert.Equal("/tmp/old", rows[1].GetProperty("recorder").GetProperty("file").GetProperty("old_path").GetString());
    }

    [Fact]
    public async Task File_net_and_tree_answer_in_valid_ecs_documents()
    {
        var file = Assert.Single(await Ecs(new FileCommand(), new() { ["path"] = ["/tmp/old"] }));
        var net = Assert.Single(await Ecs(new NetCommand(), new()));
        var tree = await Ecs(new TreeCommand(), new() { ["process"] = [Echo.Guid.ToString()] });

        foreach (var row in tree.Append(file).Append(net)) Assert.Empty(Validator.Validate(row));
        Assert.Equal("/tmp/new", file.GetProperty("file").GetProperty("path").GetString());
        Assert.Equal(["file"], file.GetProperty("event").GetProperty("category").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("192.0.2.7", net.GetProperty("destination").GetProperty("ip").GetString());
        Assert.Equal(443, net.GetProperty("destination").GetProperty("port").GetInt64());
        var echo = Assert.Single(tree, r => r.GetProperty("recorder").GetProperty("tree").GetProperty("relation").GetString() == "process");
        Assert.Equal(Echo.Guid.ToString(), echo.GetProperty("process").GetProperty("entity_id").GetString());
        Assert.Equal("2026-11-20T10:01:00Z", echo.GetProperty("@timestamp").GetString());
        Assert.Equal("/bin/bash", echo.GetProperty("process").GetProperty("parent").GetProperty("executable").GetString());
    }

    [Fact]
    public async Task A_store_named_with_db_names_no_host_and_sql_answers_offer_no_ecs()
    {
        var rows = await Ecs(new TimelineCommand(), new() { ["since"] = ["2026-11-20T09:00:00Z"], ["db"] = [_data.File("recorder.db")] });
        Assert.All(rows, r => Assert.False(r.TryGetProperty("host", out _)));

        Assert.DoesNotContain("ecs", new QueryCommand().Description.Options.Single(o => o.Name == "format").AllowedValues!);
        Assert.Contains("ecs", new TimelineCommand().Description.Options.Single(o => o.Name == "format").AllowedValues!);
        var (exit, _, errors) = await Run(new QueryCommand(), new() { ["sql"] = ["SELECT 1 AS one"], ["format"] = ["ecs"] });
        Assert.Equal(2, exit);
        Assert.Contains("--format ecs writes whole events", errors);
    }

    private async Task<List<JsonElement>> Ecs(IRecorderCommand command, Dictionary<string, string[]> values)
    {
        values["format"] = ["ecs"];
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

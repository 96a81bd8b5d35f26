using Recorder.Contracts.Commands;
using Recorder.Contracts.Events;
using Recorder.Plugins.Sinks.Sqlite.Commands;

namespace Recorder.Plugins.Sinks.Sqlite.Tests;

/// <summary>
/// The store's commands run the way the command line (or the running recorder) runs them: parsed values in, rows on
/// the invocation's output, messages on its error writer, exit code 2 for bad input. The store is the host data
/// folder's recorder.db unless --db says otherwise.
/// </summary>
public sealed class StoreCommandTests : IDisposable
{
    private static readonly DateTime T0 = new(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc);
    private static readonly Events.Proc Shell = Events.Process(4100, "/bin/bash", "-bash", "alice", null, T0);
    private static readonly Events.Proc Curl = Events.Process(4200, "/usr/bin/curl", "curl -sO https://example.org/x", "alice", Shell, T0.AddMinutes(5));

    private readonly TempDirectory _data = new();

    public StoreCommandTests()
    {
        var services = new FakePluginServices(_data.Path);
        var sink = StoreTestHelpers.Sink(_data.File("recorder.db"), services);
        sink.WriteAsync([Events.Make(EventSchemas.ProcessStart, Shell, Shell.Start), Events.Make(EventSchemas.ProcessStart, Curl, Curl.Start)]).GetAwaiter().GetResult();
        sink.ShutdownAsync(default).AsTask().GetAwaiter().GetResult();
    }

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Timeline_reads_the_data_folders_store_and_writes_the_chosen_format()
    {
        var (exit, output, errors) = await Run(new TimelineCommand(), ["timeline"], new()
        {
            ["since"] = ["2026-11-20T09:00:00Z"], ["until"] = ["2026-11-20T11:00:00Z"], ["format"] = ["csv"], ["limit"] = ["1000"],
        });

        Assert.True(exit == 0, errors);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // The whole event under the journal's names: a column for every field any row has.
        var header = lines[0].Split(',');
        Assert.Equal(["event.id", "event.time", "event.type"], header[..3]);
        var path = Array.IndexOf(header, "process.path");
        Assert.Equal(["/bin/bash", "/usr/bin/curl"], lines.Skip(1).Select(l => l.Split(',')[path]));
        Assert.Contains("process.parent_cmd", header);
    }

    [Fact]
    public async Task A_time_that_is_not_one_is_bad_input_named_by_its_option()
    {
        var (exit, output, errors) = await Run(new TimelineCommand(), ["timeline"], new() { ["since"] = ["last tuesday"] });

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains("--since: 'last tuesday' is not a time", errors);
    }

    [Fact]
    public async Task Sql_the_store_refuses_is_bad_input_with_sqlites_message()
    {
        var (exit, _, errors) = await Run(new QueryCommand(), ["query"], new() { ["sql"] = ["delete from events"] });

        Assert.Equal(2, exit);
        Assert.Contains("recorder:", errors);
        Assert.Equal(2, StoreTestHelpers.Scalar(_data.File("recorder.db"), "select count(*) from process_start"));
    }

    [Fact]
    public async Task Tree_of_a_pid_nobody_held_exits_with_three()
    {
        var (exit, _, _) = await Run(new TreeCommand(), ["tree"], new() { ["process"] = ["99999"], ["db"] = [_data.File("recorder.db")] });

        Assert.Equal(TreeCommand.Ambiguous, exit);
    }

    private async Task<(int Exit, string Output, string Errors)> Run(IRecorderCommand command, string[] path, Dictionary<string, string[]> values)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var invocation = new CommandInvocation(path, values.ToDictionary(v => v.Key, v => (IReadOnlyList<string>)v.Value))
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

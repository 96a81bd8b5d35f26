using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Recorder.Cli;
using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;
using Recorder.Host.Configuration;
using Recorder.Host.Diagnostics;
using Recorder.Host.Runtime;
using Recorder.Host.Status;
using Recorder.Plugins.Sinks.Sqlite;
using Recorder.Plugins.Sinks.Sqlite.Storage;
using Recorder.Plugins.Sinks.Sqlite.Tests.Support;
using Recorder.Tests.Shared;

namespace Recorder.Host.Tests.Cli;

/// <summary>
/// Commands that belong to a plugin come from the verified, loaded plugin: the SQLite sink's signed bundle (a copy of
/// the one the build made) answers `recorder timeline` with no recorder running, and a running recorder answers it
/// through its control socket with the plugin it has loaded. A tampered bundle offers no command and says why.
/// </summary>
public sealed class PluginCommandTests : IDisposable
{
    private static readonly DateTime T0 = new(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc);
    private static readonly Events.Proc Shell = Events.Process(4100, "/bin/bash", "-bash", "alice", null, T0);
    private static readonly Events.Proc Curl = Events.Process(4200, "/usr/bin/curl", "curl -sO https://example.org/x", "alice", Shell, T0.AddMinutes(5));
    private static readonly string[] Window = ["--since", "2026-11-20T09:00:00Z", "--until", "2026-11-20T11:00:00Z"];

    private readonly string _root = Directory.CreateTempSubdirectory("recorder-plugin-commands-").FullName;
    private readonly string _plugins;
    private readonly string _data;
    private readonly string _config;

    public PluginCommandTests()
    {
        _plugins = Directory.CreateDirectory(Path.Combine(_root, "plugins")).FullName;
        _data = Path.Combine(_root, "data");
        var subscriptions = Directory.CreateDirectory(Path.Combine(_root, "subscriptions")).FullName;
        File.WriteAllText(Path.Combine(subscriptions, "store.yaml"), """
            module: commands-test
            subscriptions:
              - name: everything
                events: ["*"]
                sink: { name: sqlite, options: { path: recorder.db } }
            """);
        _config = Path.Combine(_root, "recorder.yaml");
        File.WriteAllText(_config, $"""
            data_dir: {_data}
            plugin_dirs: [{_plugins}]
            trust_store: {Path.Combine(RepoPaths.Root, "artifacts", "trust")}
            subscription_dirs: [{subscriptions}]
            """);
        CopyFolder(Path.Combine(RepoPaths.Root, "artifacts", "plugins", "recorder.sinks.sqlite"), Path.Combine(_plugins, "recorder.sinks.sqlite"));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Timeline_with_no_recorder_running_is_answered_by_the_plugin_verified_and_loaded_for_the_question()
    {
        WriteStore(Path.Combine(_data, "recorder.db"));

        var (exit, output, errors) = RecorderCli.Run(["timeline", .. Window, "--config", _config, "--format", "jsonl"]);

        Assert.True(exit == 0, errors);
        var rows = JsonLines(output);
        Assert.Equal(["/bin/bash", "/usr/bin/curl"], rows.Select(r => r.GetProperty("process.path").GetString()));
        Assert.Equal(Curl.Guid.ToString(), rows[1].GetProperty("process.guid").GetString());
        // Staged into a private temporary folder, never the running host's staging folder.
        Assert.False(Directory.Exists(Path.Combine(_data, "staging")));
        Assert.False(File.Exists(Path.Combine(_data, "recorder.sock")));

        // `query` takes --config like every other command now.
        var (queryExit, counted, queryErrors) = RecorderCli.Run("query", "select count(*) as n from process_start", "--config", _config, "--format", "csv");
        Assert.True(queryExit == 0, queryErrors);
        Assert.Equal(["n", "2"], counted.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Timeline_with_a_recorder_running_is_answered_inside_it_by_the_plugin_it_has_loaded()
    {
        var log = new StringWriter();
        await using var host = new RecorderHost(HostConfigurationLoader.Load(_config), new HostLog(TextWriter.Synchronized(log)), new RecorderHostOptions
        {
            StartCollectors = false,
            WatchFolders = false,
            RequireRootOwnedPlugins = KernelAudit.IsRoot,
        });
        await host.StartAsync();
        Assert.Equal("recorder.sinks.sqlite", Assert.Single(host.Plugins).Id);
        // The running recorder's own sink writes the store the question reads.
        await host.ReplayAsync([Events.Make(EventSchemas.ProcessStart, Shell, Shell.Start), Events.Make(EventSchemas.ProcessStart, Curl, Curl.Start)], default);

        var (exit, output, errors) = RecorderCli.Run(["timeline", .. Window, "--config", _config, "--format", "jsonl"]);

        Assert.True(exit == 0, errors + log);
        Assert.Equal(["/bin/bash", "/usr/bin/curl"], JsonLines(output).Select(r => r.GetProperty("process.path").GetString()));
        Assert.Equal("1", Invocations(host, "timeline"));

        // --local answers in the CLI with the same plugin verified and loaded there: same rows, the recorder not asked.
        var (localExit, local, localErrors) = RecorderCli.Run(["timeline", .. Window, "--config", _config, "--format", "jsonl", "--local"]);
        Assert.True(localExit == 0, localErrors);
        Assert.Equal(output, local);
        Assert.Equal("1", Invocations(host, "timeline"));

        // A bad value is answered by the plugin in the recorder, with its message and exit code.
        var (badExit, _, badErrors) = RecorderCli.Run("timeline", "--since", "yesterday-ish", "--config", _config);
        Assert.Equal(2, badExit);
        Assert.Contains("--since: 'yesterday-ish' is not a time", badErrors);
        Assert.Equal("2", Invocations(host, "timeline"));
    }

    [Fact]
    public async Task A_running_recorder_runs_only_commands_exported_to_run_in_it()
    {
        CopyFolder(Path.Combine(RepoPaths.Root, "artifacts", "plugins", "recorder.collectors.linuxaudit"), Path.Combine(_plugins, "recorder.collectors.linuxaudit"));
        await using var host = new RecorderHost(HostConfigurationLoader.Load(_config), new HostLog(TextWriter.Null), new RecorderHostOptions
        {
            StartCollectors = false,
            WatchFolders = false,
            RequireRootOwnedPlugins = KernelAudit.IsRoot,
        });
        await host.StartAsync();
        var socket = Path.Combine(_data, "recorder.sock");

        var replay = await ControlClient.SendAsync(socket, """invoke {"path":["replay"],"values":{"audit-log":["/var/log/audit/audit.log"]}}""", TimeSpan.FromSeconds(30));
        Assert.Contains("'replay' runs in the command line only", Error(replay));
        var unknown = await ControlClient.SendAsync(socket, """invoke {"path":["explode"]}""", TimeSpan.FromSeconds(30));
        Assert.Contains("no plugin loaded in the running recorder provides the command 'explode'", Error(unknown));

        // rules runs in the command line even with a recorder running: it never asks the recorder.
        var (exit, _, errors) = RecorderCli.Run("rules", "get", "--config", _config);
        Assert.True(exit == 0, errors);
        Assert.Contains("no user-defined rules are registered", errors);
        Assert.DoesNotContain(host.StatusRows(), r => r.Domain == "commands");
    }

    [Fact]
    public void A_tampered_sqlite_bundle_is_refused_with_the_reason_and_offers_no_query_command()
    {
        WriteStore(Path.Combine(_data, "recorder.db"));
        var bundle = Path.Combine(_plugins, "recorder.sinks.sqlite");
        File.AppendAllText(Path.Combine(bundle, "Recorder.Plugins.Sinks.Sqlite.dll"), "tampered");

        var (exit, output, errors) = RecorderCli.Run(["timeline", .. Window, "--config", _config, "--format", "jsonl"]);

        Assert.NotEqual(0, exit);
        Assert.DoesNotContain("/usr/bin/curl", output);
        Assert.Contains($"plugin {bundle} refused (file-mismatch)", errors);
        Assert.Contains("Recorder.Plugins.Sinks.Sqlite.dll", errors);
        Assert.Contains("its commands are unavailable", errors);

        // Built-in commands never load plugins, so they neither pay for nor report them.
        var (listExit, list, listErrors) = RecorderCli.Run("plugins", "list", "--config", _config);
        Assert.Equal(0, listExit);
        Assert.Contains("file-mismatch", list);
        Assert.DoesNotContain("its commands are unavailable", listErrors);
    }

    [Fact]
    public void Help_lists_the_plugin_commands_beside_the_built_in_ones()
    {
        var (exit, output, errors) = RecorderCli.Run("--help");

        Assert.True(exit == 0, errors);
        foreach (var builtIn in new[] { "run", "status", "watch", "keys", "plugin", "plugins", "subscriptions" })
            Assert.Matches($@"(?m)^\s+(\S+, )?{builtIn}\b", output);
        foreach (var command in new[] { "query <sql>", "timeline", "tree <process>", "file <path>", "net" })
            Assert.Matches($@"(?m)^\s+{command}\s.*\[plugin recorder\.sinks\.sqlite\]$", output);
        foreach (var command in new[] { "rules", "replay <audit-log>" })
            Assert.Matches($@"(?m)^\s+{command}\s.*\[plugin recorder\.collectors\.linuxaudit\]$", output);

        var (timelineExit, timelineHelp, _) = RecorderCli.Run("timeline", "--help");
        Assert.Equal(0, timelineExit);
        Assert.Contains("--since <since> (REQUIRED)", timelineHelp);
        Assert.Contains("--format <csv|ecs|jsonl|table>", timelineHelp);
        Assert.Contains("--local", timelineHelp);
        // Each question's help shows an answer: the table, and that jsonl carries the whole event.
        Assert.Contains("Example:", timelineHelp);
        Assert.Contains("\"process.args\":[", timelineHelp);
        foreach (var question in new[] { "file", "net", "tree" })
            Assert.Contains("Example:", RecorderCli.Run(question, "--help").Output);
        Assert.DoesNotContain("Example:", output); // the list of commands stays one line each
    }

    [Fact]
    public void Every_built_in_command_takes_config_and_data_dir()
    {
        var leaves = Leaves(RecorderCommandLine.Build(), []).ToList();
        Assert.True(leaves.Count >= 10, string.Join(", ", leaves.Select(l => string.Join(' ', l))));
        foreach (var path in leaves)
        {
            var parse = RecorderCommandLine.Build().Parse([.. path, "--config", _config, "--data-dir", _data]);
            var unknown = parse.Errors.Where(e => e.Message.Contains("--config", StringComparison.Ordinal) || e.Message.Contains("--data-dir", StringComparison.Ordinal) || e.Message.Contains(_data, StringComparison.Ordinal));
            Assert.True(!unknown.Any(), $"recorder {string.Join(' ', path)}: {string.Join("; ", unknown.Select(e => e.Message))}");
        }
    }

    [Fact]
    public void Plugin_commands_take_config_and_data_dir_too()
    {
        var rules = Path.Combine(_root, "ssh.rules");
        File.WriteAllText(rules, "-a always,exit -F arch=b64 -S connect -F euid=0 -k root-connect\n");
        CopyFolder(Path.Combine(RepoPaths.Root, "artifacts", "plugins", "recorder.collectors.linuxaudit"), Path.Combine(_plugins, "recorder.collectors.linuxaudit"));
        var otherData = Path.Combine(_root, "other-data");

        var (exit, output, errors) = RecorderCli.Run("rules", "register", rules, "--config", _config, "--data-dir", otherData);

        Assert.True(exit == 0, errors + output);
        Assert.True(File.Exists(Path.Combine(otherData, "audit", "user-rules.rules")));
        Assert.False(Directory.Exists(Path.Combine(_data, "audit")));
        var (_, listed, _) = RecorderCli.Run("rules", "get", "--data-dir", otherData, "--config", _config);
        Assert.Contains("-k root-connect", listed);
    }

    // ---- helpers ----

    private static IEnumerable<string[]> Leaves(Command command, string[] path)
    {
        if (command.Subcommands.Count == 0)
        {
            yield return path;
            yield break;
        }
        foreach (var subcommand in command.Subcommands)
            foreach (var leaf in Leaves(subcommand, [.. path, subcommand.Name]))
                yield return leaf;
    }

    private static string Error(string answer) => JsonDocument.Parse(answer).RootElement.GetProperty("error").GetString()!;

    private static string Invocations(RecorderHost host, string command) =>
        host.StatusRows().FirstOrDefault(r => r.Domain == "commands" && r.Name == command + ".invocations")?.Value ?? "0";

    private static List<JsonElement> JsonLines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var folder in Directory.GetDirectories(from)) CopyFolder(folder, Path.Combine(to, Path.GetFileName(folder)));
    }

    private static void WriteStore(string db)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(db)!);
        var sink = new SqliteSink(db, new StoreBudget(TimeSpan.FromDays(3650), 1L << 30), new QuietDiagnostics(), TimeProvider.System);
        try
        {
            RecorderEvent[] events = [Events.Make(EventSchemas.ProcessStart, Shell, Shell.Start), Events.Make(EventSchemas.ProcessStart, Curl, Curl.Start)];
            sink.WriteBatchAsync(events, default).AsTask().GetAwaiter().GetResult();
        }
        finally
        {
            sink.ShutdownAsync(default).AsTask().GetAwaiter().GetResult();
        }
    }

    private sealed class QuietDiagnostics : IPluginDiagnostics
    {
        public void Log(PluginLogLevel level, string message, Exception? exception = null) { }
        public void SetStatus(string name, string value, string? domain = null) { }
        public void ReportHealth(string check, bool healthy, string detail) { }
        public IPluginCounter Counter(string name) => new NoCounter();

        private sealed class NoCounter : IPluginCounter
        {
            public long Value { get; private set; }
            public void Increment() => Value++;
            public void Add(long value) => Value += value;
        }
    }
}

using System.Text.Json;
using Recorder.Host;
using Recorder.Host.Configuration;
using Recorder.Host.Diagnostics;
using Recorder.Host.Runtime;
using Recorder.Trust;
using YamlDotNet.RepresentationModel;

namespace Recorder.Plugins.Signals.Tests.Support;

/// <summary>
/// A recorder laid out as operators lay it out, in a temporary folder: the signed Linux audit collector, process
/// enrichers, SQLite store and signals plugin; execs routed to the signals sink, execs and signals stored; the signals
/// plugin's settings name one rule folder of the test's own beside the shipped rules. The caller holds the kernel
/// audit lock and has stopped auditd.
/// </summary>
internal sealed class SignalsHost : IAsyncDisposable
{
    private readonly string _root;

    private SignalsHost(string root, RecorderHost host, StringWriter log)
    {
        _root = root;
        Host = host;
        Log = log;
    }

    public RecorderHost Host { get; }
    public StringWriter Log { get; }
    public string DataDirectory => Path.Combine(_root, "data");
    public string Database => Path.Combine(DataDirectory, "recorder.db");
    public string RuleFolder => Path.Combine(_root, "sigma");

    /// <summary>Lays out the recorder, lets <paramref name="writeRules"/> fill the rule folder, and starts the host.</summary>
    public static async Task<SignalsHost> StartAsync(Action<string> writeRules)
    {
        var root = Directory.CreateTempSubdirectory("recorder-signals-").FullName;
        File.SetUnixFileMode(root, (UnixFileMode)0x1ED); // 0755: plugin folders must not be writable by others
        var plugins = Directory.CreateDirectory(Path.Combine(root, "plugins")).FullName;
        var trust = Directory.CreateDirectory(Path.Combine(root, "trust", TrustStoreLayout.KeysFolderName)).Parent!.FullName;
        var subscriptions = Directory.CreateDirectory(Path.Combine(root, "subscriptions")).FullName;
        var rules = Directory.CreateDirectory(Path.Combine(root, "sigma")).FullName;
        writeRules(rules);
        using (var key = SigningKey.Generate())
        {
            key.WritePublicKeyFile(Path.Combine(trust, TrustStoreLayout.KeysFolderName, key.KeyId + ".pem"));
            PluginDeployment.Deploy(plugins, key, "Recorder.Plugins.Collectors.LinuxAudit", "recorder.collectors.linuxaudit", PluginKind.Collector);
            PluginDeployment.Deploy(plugins, key, "Recorder.Plugins.Enrichers.Process", "recorder.enrichers.process", PluginKind.Enricher);
            PluginDeployment.Deploy(plugins, key, "Recorder.Plugins.Sinks.Sqlite", "recorder.sinks.sqlite", PluginKind.Sink);
            PluginDeployment.Deploy(plugins, key, "Recorder.Plugins.Signals", "recorder.signals", PluginKind.Sink);
        }
        File.WriteAllText(Path.Combine(subscriptions, "signals.yaml"), """
            module: signals-test
            subscriptions:
              - name: evaluate
                events: [process.start]
                sink: signals
              - name: history
                events: [process.start, signal.*]
                sink:
                  name: sqlite
                  options: { path: recorder.db }
            """);
        var settings = new YamlStream();
        settings.Load(new StringReader($"rule_folders: [{rules}]"));
        var config = new HostConfiguration
        {
            DataDirectory = Path.Combine(root, "data"),
            PluginDirectories = [plugins],
            TrustStoreDirectory = trust,
            SubscriptionDirectories = [subscriptions],
            Pipeline = new PipelineSettings { BatchDelay = TimeSpan.FromMilliseconds(10), DrainTimeout = TimeSpan.FromSeconds(20) },
            PluginSettings = new Dictionary<string, YamlNode>(StringComparer.Ordinal) { ["recorder.signals"] = settings.Documents[0].RootNode },
            Source = "signals test",
        };
        var log = new StringWriter();
        var host = new RecorderHost(config, new HostLog(TextWriter.Synchronized(log)), new RecorderHostOptions
        {
            OpenControlSocket = false,
            WatchFolders = false,
            PluginCallTimeout = TimeSpan.FromSeconds(20),
        });
        var started = new SignalsHost(root, host, log);
        try
        {
            await host.StartAsync();
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
        return started;
    }

    /// <summary>A status value of the running host, or "".</summary>
    public string Status(string domain, string name) =>
        Host.StatusRows().FirstOrDefault(r => r.Domain == domain && r.Name == name)?.Value ?? "";

    /// <summary>Waits (up to 20 s) for a stored signal that <paramref name="match"/> accepts, read with `recorder signals --format jsonl`.</summary>
    public async Task<JsonElement> WaitForSignalAsync(Func<JsonElement, bool> match, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if (File.Exists(Database))
            {
                var (code, lines, _) = await PluginCommand.RunAsync(new Recorder.Plugins.Signals.Commands.SignalsCommand(), DataDirectory,
                    new() { ["since"] = ["-1h"], ["format"] = ["jsonl"] });
                if (code == 0)
                    foreach (var row in lines)
                        if (match(row)) return row;
            }
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"no signal {what}; host log:\n{Log}");
            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try { await Host.DisposeAsync(); }
        finally { Directory.Delete(_root, recursive: true); }
    }
}

/// <summary>Runs a plugin command in-process as the command line would, with its answer as JSON lines.</summary>
internal static class PluginCommand
{
    public static async Task<(int Code, List<JsonElement> Rows, string Error)> RunAsync(Recorder.Contracts.Commands.IRecorderCommand command,
        string dataDirectory, Dictionary<string, IReadOnlyList<string>> values)
    {
        foreach (var option in command.Description.Options.Concat<Recorder.Contracts.Commands.CommandParameter>(command.Description.Arguments))
            if (option.DefaultValue is { } value && !values.ContainsKey(option.Name)) values[option.Name] = [value];
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await command.InvokeAsync(new Recorder.Contracts.Commands.CommandInvocation([command.Description.Name], values)
        {
            Output = output,
            Error = error,
            HostDataDirectory = dataDirectory,
            ConfigurationSource = "test",
            Settings = new FakeOptions(new Dictionary<string, string?>()),
        }, CancellationToken.None);
        var rows = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.TrimStart().StartsWith('{') ? JsonDocument.Parse(l).RootElement.Clone() : default)
            .Where(e => e.ValueKind == JsonValueKind.Object).ToList();
        return (code, rows, error.ToString());
    }
}

/// <summary>Reading answer rows.</summary>
internal static class AnswerRow
{
    public static string? Text(this JsonElement row, string name) =>
        row.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static long? Number(this JsonElement row, string name) =>
        row.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : null;
}

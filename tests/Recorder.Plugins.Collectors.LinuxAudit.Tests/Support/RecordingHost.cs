using System.Text.Json;
using Recorder.Contracts.Plugins;
using Recorder.Host.Configuration;
using Recorder.Host.Diagnostics;
using Recorder.Host.Runtime;
using Recorder.Plugins.Sinks.Sqlite.Queries;
using Recorder.Trust;

namespace Recorder.Plugins.Collectors.LinuxAudit.Tests.Support;

/// <summary>
/// The recorder as a user runs it: the real host with the signed Linux audit collector, the process enrichers and
/// the SQLite store, every event type subscribed; answers are read back the way <c>recorder timeline --format
/// jsonl</c> writes them. The caller holds the kernel audit lock and has stopped auditd.
/// </summary>
internal sealed class RecordingHost : IAsyncDisposable
{
    private readonly string _root;
    private readonly RecorderHost _host;

    private RecordingHost(string root, RecorderHost host, StringWriter log)
    {
        _root = root;
        _host = host;
        Log = log;
    }

    public StringWriter Log { get; }
    public string Database => Path.Combine(_root, "data", "recorder.db");
    public RecorderHost Host => _host;

    /// <summary>Starts a host; <paramref name="collectorSettings"/> is YAML for the collector (such as <c>backlog_limit: 2</c>).</summary>
    /// <remarks>A second store, <c>containers.db</c>, gets only events of processes in a container (a subscription filter).</remarks>
    public static async Task<RecordingHost> StartAsync(string? collectorSettings = null)
    {
        var root = Directory.CreateTempSubdirectory("recorder-answers-").FullName;
        File.SetUnixFileMode(root, (UnixFileMode)0x1ED); // 0755: plugin folders must not be writable by others
        var plugins = Directory.CreateDirectory(Path.Combine(root, "plugins")).FullName;
        var trust = Directory.CreateDirectory(Path.Combine(root, "trust", TrustStoreLayout.KeysFolderName)).Parent!.FullName;
        var subscriptions = Directory.CreateDirectory(Path.Combine(root, "subscriptions")).FullName;
        using (var key = SigningKey.Generate())
        {
            key.WritePublicKeyFile(Path.Combine(trust, TrustStoreLayout.KeysFolderName, key.KeyId + ".pem"));
            PluginDeployment.Deploy(plugins, key, "Recorder.Plugins.Collectors.LinuxAudit", "recorder.collectors.linuxaudit", PluginKind.Collector);
            PluginDeployment.Deploy(plugins, key, "Recorder.Plugins.Enrichers.Process", "recorder.enrichers.process", PluginKind.Enricher);
            PluginDeployment.Deploy(plugins, key, "Recorder.Plugins.Sinks.Sqlite", "recorder.sinks.sqlite", PluginKind.Sink);
        }
        File.WriteAllText(Path.Combine(subscriptions, "answers.yaml"), """
            module: answers
            subscriptions:
              - name: everything
                events: ["*"]
                sink:
                  name: sqlite
                  options: { path: recorder.db }
              - name: containers-only
                events: [process.*]
                include:
                  - process.container_id: { exists: true }
                sink:
                  name: sqlite
                  options: { path: containers.db }
            """);
        var settings = new Dictionary<string, YamlDotNet.RepresentationModel.YamlNode>(StringComparer.Ordinal);
        if (collectorSettings is not null)
        {
            var yaml = new YamlDotNet.RepresentationModel.YamlStream();
            yaml.Load(new StringReader(collectorSettings));
            settings["recorder.collectors.linuxaudit"] = yaml.Documents[0].RootNode;
        }
        var config = new HostConfiguration
        {
            DataDirectory = Path.Combine(root, "data"),
            PluginDirectories = [plugins],
            TrustStoreDirectory = trust,
            SubscriptionDirectories = [subscriptions],
            Pipeline = new PipelineSettings { BatchDelay = TimeSpan.FromMilliseconds(10), DrainTimeout = TimeSpan.FromSeconds(20) },
            PluginSettings = settings,
            Source = "answers test",
        };
        var log = new StringWriter();
        var host = new RecorderHost(config, new HostLog(TextWriter.Synchronized(log)), new RecorderHostOptions
        {
            OpenControlSocket = false,
            WatchFolders = false,
            PluginCallTimeout = TimeSpan.FromSeconds(20),
        });
        var recording = new RecordingHost(root, host, log);
        try
        {
            await host.StartAsync();
        }
        catch
        {
            await recording.DisposeAsync();
            throw;
        }
        return recording;
    }

    /// <summary>The rows of <c>recorder timeline --since <paramref name="since"/> --format jsonl</c>.</summary>
    public List<JsonElement> Timeline(DateTime since, params string[] types) => Timeline(Database, since, types);

    /// <summary>The timeline of the store that only keeps events of processes in containers.</summary>
    public List<JsonElement> ContainersTimeline(DateTime since) => Timeline(Path.Combine(_root, "data", "containers.db"), since, []);

    private static List<JsonElement> Timeline(string database, DateTime since, string[] types)
    {
        if (!File.Exists(database)) return [];
        RecorderStore store;
        try { store = RecorderStore.Open(database); }
        catch (InvalidDataException) { return []; } // the sink has created the file but not its tables yet
        using var _ = store;
        var result = new StoreQueries(store).Timeline(since, DateTime.UtcNow.AddMinutes(1), types, limit: 100_000);
        var text = new StringWriter();
        ResultWriter.Write(result, ResultFormat.Jsonl, text);
        return text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }

    /// <summary>Waits (up to 20 s) until the timeline since <paramref name="since"/> has a row matching <paramref name="match"/>.</summary>
    public async Task<JsonElement> WaitForAsync(DateTime since, Func<JsonElement, bool> match, string what, params string[] types)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            foreach (var row in Timeline(since, types))
                if (match(row)) return row;
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"no {what} in the timeline; host log:\n{Log}");
            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try { await _host.DisposeAsync(); }
        finally { Directory.Delete(_root, recursive: true); }
    }
}

/// <summary>Reading answer rows.</summary>
internal static class AnswerRow
{
    public static string? Text(this JsonElement row, string name) =>
        row.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static long? Number(this JsonElement row, string name) =>
        row.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : null;

    public static string?[]? Texts(this JsonElement row, string name) =>
        row.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Select(v => v.GetString()).ToArray() : null;
}

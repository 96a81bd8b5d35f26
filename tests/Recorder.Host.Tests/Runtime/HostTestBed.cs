using Recorder.Host.Configuration;
using Recorder.Host.Diagnostics;
using Recorder.Host.Runtime;
using Recorder.Trust;
using Recorder.Tests.Shared;

namespace Recorder.Host.Tests.Runtime;

/// <summary>
/// A real host in a temporary folder: its own trust store with a freshly generated publisher key, plugin,
/// data and subscription folders, and the test plugins built with the tests, signed for real and deployed the
/// way operators deploy (copied under a temporary name, then renamed into place).
/// </summary>
internal sealed class HostTestBed : IAsyncDisposable
{
    private readonly StringWriter _logText = new();

    public HostTestBed()
    {
        Root = Directory.CreateTempSubdirectory("recorder-host-test-").FullName;
        File.SetUnixFileMode(Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        Plugins = Directory.CreateDirectory(Path.Combine(Root, "plugins")).FullName;
        Trust = Directory.CreateDirectory(Path.Combine(Root, "trust")).FullName;
        Data = Path.Combine(Root, "data");
        Subscriptions = Directory.CreateDirectory(Path.Combine(Root, "subscriptions")).FullName;
        Output = Directory.CreateDirectory(Path.Combine(Root, "out")).FullName;
        AllowedSinkPaths.Add(Output);
        Key = SigningKey.Generate();
        Directory.CreateDirectory(Path.Combine(Trust, TrustStoreLayout.KeysFolderName));
        Key.WritePublicKeyFile(Path.Combine(Trust, TrustStoreLayout.KeysFolderName, Key.KeyId + ".pem"));
        Log = new HostLog(TextWriter.Synchronized(_logText));
    }

    public string Root { get; }
    public string Plugins { get; }
    public string Trust { get; }
    public string Data { get; }
    public string Subscriptions { get; }
    public string Output { get; }
    public SigningKey Key { get; }
    public HostLog Log { get; }
    public RecorderHost? Host { get; private set; }
    public string LogText => _logText.ToString();

    /// <summary>Build output folder of a test plugin project.</summary>
    public static string BuildOutput(string project)
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var dir = Path.Combine(RepoPaths.Root, "tests", "TestPlugins", project, "bin", configuration, "net10.0");
        if (!File.Exists(Path.Combine(dir, project + ".dll"))) throw new InvalidOperationException($"test plugin {project} is not built at {dir}");
        return dir;
    }

    /// <summary>Signs a copy of a test plugin and renames it into the plugins folder as <paramref name="folderName"/>.</summary>
    public string Deploy(string project, string id, ulong sequence, string version = "1.0.0", string? folderName = null, Action<string>? afterSigning = null, PluginKind[]? kinds = null)
    {
        var staging = Path.Combine(Plugins, "." + (folderName ?? id) + "." + Guid.NewGuid().ToString("n")[..8] + ".tmp");
        Directory.CreateDirectory(staging);
        foreach (var file in Directory.GetFiles(BuildOutput(project)))
        {
            var name = Path.GetFileName(file);
            if (name.EndsWith(".pdb", StringComparison.Ordinal)) continue;
            File.Copy(file, Path.Combine(staging, name));
        }
        PluginSigner.Sign(staging, new ManifestDraft
        {
            Id = id,
            Version = version,
            Sequence = sequence,
            Kinds = kinds ?? [PluginKind.Collector, PluginKind.Enricher, PluginKind.Sink],
            ContractsVersion = HostInfo.ContractsVersion,
            EntryAssembly = project + ".dll",
        }, Key);
        afterSigning?.Invoke(staging);
        var final = Path.Combine(Plugins, folderName ?? id);
        Directory.Move(staging, final);
        return final;
    }

    /// <summary>
    /// Signs a copy of a built-in plugin's bundle (artifacts/plugins/&lt;id&gt;, made by the build) with this bed's key
    /// and renames it into the plugins folder: the real plugin with all its private files and native assets.
    /// </summary>
    public string DeployBuiltIn(string id, string entryAssembly, PluginKind kind, ulong sequence, string version = "1.0.0", string? folderName = null)
    {
        var bundle = Path.Combine(RepoPaths.Root, "artifacts", "plugins", id);
        if (!File.Exists(Path.Combine(bundle, entryAssembly))) throw new InvalidOperationException($"built-in plugin {id} is not bundled at {bundle}");
        var staging = Path.Combine(Plugins, "." + (folderName ?? id) + "." + Guid.NewGuid().ToString("n")[..8] + ".tmp");
        foreach (var file in Directory.GetFiles(bundle, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(bundle, file);
            if (relative is "manifest.json" or "manifest.sig") continue;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(staging, relative))!);
            File.Copy(file, Path.Combine(staging, relative));
        }
        PluginSigner.Sign(staging, new ManifestDraft
        {
            Id = id,
            Version = version,
            Sequence = sequence,
            Kinds = [kind],
            ContractsVersion = HostInfo.ContractsVersion,
            EntryAssembly = entryAssembly,
        }, Key);
        var final = Path.Combine(Plugins, folderName ?? id);
        Directory.Move(staging, final);
        return final;
    }

    public string WriteSubscription(string fileName, string yaml)
    {
        var path = Path.Combine(Subscriptions, fileName);
        var temporary = path + ".tmp-write";
        File.WriteAllText(temporary, yaml);
        File.Move(temporary, path, overwrite: true);
        return path;
    }

    public HostConfiguration Configuration(Dictionary<string, string>? pluginSettings = null)
    {
        var settings = new Dictionary<string, YamlDotNet.RepresentationModel.YamlNode>(StringComparer.Ordinal);
        foreach (var (plugin, yaml) in pluginSettings ?? new())
        {
            var stream = new YamlDotNet.RepresentationModel.YamlStream();
            stream.Load(new StringReader(yaml));
            settings[plugin] = stream.Documents[0].RootNode;
        }
        return new HostConfiguration
        {
            DataDirectory = Data,
            PluginDirectories = [Plugins],
            TrustStoreDirectory = Trust,
            SubscriptionDirectories = [Subscriptions],
            Pipeline = new PipelineSettings { BatchDelay = TimeSpan.FromMilliseconds(10), SinkWriteTimeout = TimeSpan.FromSeconds(2), DrainTimeout = TimeSpan.FromSeconds(20), EnrichTimeout = TimeSpan.FromMilliseconds(500) },
            PluginSettings = settings,
            Source = "test",
            AllowedSinkPaths = AllowedSinkPaths,
        };
    }

    /// <summary>
    /// Folders besides the data folder that sinks may write (the configuration's allowed_sink_paths): the bed's output
    /// folder, where its tests read what sinks wrote.
    /// </summary>
    public List<string> AllowedSinkPaths { get; } = new();

    public async Task<RecorderHost> StartAsync(Dictionary<string, string>? pluginSettings = null, RecorderHostOptions? options = null)
    {
        Host = new RecorderHost(Configuration(pluginSettings), Log, options ?? new RecorderHostOptions
        {
            RequireRootOwnedPlugins = KernelAudit.IsRoot,
            WatchDebounce = TimeSpan.FromMilliseconds(100),
            PluginCallTimeout = TimeSpan.FromSeconds(5),
        });
        await Host.StartAsync();
        return Host;
    }

    /// <summary>Lines the test file sink wrote to <paramref name="file"/>: (type, number, id, collector, tags).</summary>
    public IReadOnlyList<string[]> ReadSink(string file)
    {
        var path = Path.Combine(Output, file);
        if (!File.Exists(path)) return [];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        // The sink may be in the middle of a line: only complete lines count.
        var complete = text[..(text.LastIndexOf('\n') + 1)];
        return complete.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).ToArray();
    }

    public string SinkPath(string file) => Path.Combine(Output, file);

    /// <summary>Polls <paramref name="condition"/> until true or the timeout passes.</summary>
    public static async Task<bool> Eventually(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            if (condition()) return true;
            await Task.Delay(50);
        }
        return condition();
    }

    public string StatusValue(string domain, string name) =>
        Host!.StatusRows().FirstOrDefault(r => r.Domain == domain && r.Name == name)?.Value ?? "";

    public async ValueTask DisposeAsync()
    {
        if (Host is not null) await Host.DisposeAsync();
        Key.Dispose();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

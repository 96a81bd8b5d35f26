using Recorder.Host.Configuration;
using Recorder.Host.Diagnostics;
using Recorder.Host.Runtime;
using Recorder.Trust;

namespace Recorder.PluginTemplate.Tests.Support;

/// <summary>
/// A real recorder host in a temporary folder, laid out as installed: a trust store holding one publisher key,
/// a plugins folder it watches, subscription and data folders. Plugins are deployed the way operators deploy
/// (copied under a dot-name, then renamed into place) while it runs.
/// </summary>
internal sealed class RunningHost : IAsyncDisposable
{
    private readonly StringWriter _logText = new();

    public RunningHost(string root)
    {
        Root = Directory.CreateDirectory(root).FullName;
        Plugins = Directory.CreateDirectory(Path.Combine(Root, "plugins")).FullName;
        Trust = Directory.CreateDirectory(Path.Combine(Root, "trust")).FullName;
        Directory.CreateDirectory(Path.Combine(Trust, TrustStoreLayout.KeysFolderName));
        Subscriptions = Directory.CreateDirectory(Path.Combine(Root, "subscriptions")).FullName;
        Output = Directory.CreateDirectory(Path.Combine(Root, "out")).FullName;
        Data = Path.Combine(Root, "data");
        Log = new HostLog(TextWriter.Synchronized(_logText));
    }

    public string Root { get; }
    public string Plugins { get; }
    public string Trust { get; }
    public string Subscriptions { get; }
    public string Output { get; }
    public string Data { get; }
    public HostLog Log { get; }
    public RecorderHost? Host { get; private set; }
    public string LogText => _logText.ToString();

    /// <summary>Trusts a publisher's public key file (from <c>recorder keys new</c>), as <c>cp key.pem trust/keys/</c> does.</summary>
    public void TrustKey(string publicKeyFile) =>
        File.Copy(publicKeyFile, Path.Combine(Trust, TrustStoreLayout.KeysFolderName, Path.GetFileName(publicKeyFile)));

    /// <summary>Writes a subscription file atomically.</summary>
    public void WriteSubscription(string fileName, string yaml)
    {
        var path = Path.Combine(Subscriptions, fileName);
        File.WriteAllText(path + ".tmp-write", yaml);
        File.Move(path + ".tmp-write", path, overwrite: true);
    }

    /// <summary>Starts the host with settings per plugin id (YAML text), as <c>plugins:</c> in recorder.yaml gives them.</summary>
    public async Task StartAsync(Dictionary<string, string> pluginSettings)
    {
        var settings = new Dictionary<string, YamlDotNet.RepresentationModel.YamlNode>(StringComparer.Ordinal);
        foreach (var (plugin, yaml) in pluginSettings)
        {
            var stream = new YamlDotNet.RepresentationModel.YamlStream();
            stream.Load(new StringReader(yaml));
            settings[plugin] = stream.Documents[0].RootNode;
        }
        var configuration = new HostConfiguration
        {
            DataDirectory = Data,
            PluginDirectories = [Plugins],
            TrustStoreDirectory = Trust,
            SubscriptionDirectories = [Subscriptions],
            Pipeline = new PipelineSettings { BatchDelay = TimeSpan.FromMilliseconds(10), SinkWriteTimeout = TimeSpan.FromSeconds(5), DrainTimeout = TimeSpan.FromSeconds(20) },
            PluginSettings = settings,
            Source = "template-test",
        };
        Host = new RecorderHost(configuration, Log, new RecorderHostOptions
        {
            RequireRootOwnedPlugins = KernelAudit.IsRoot,
            OpenControlSocket = false,
            WatchDebounce = TimeSpan.FromMilliseconds(100),
            PluginCallTimeout = TimeSpan.FromSeconds(10),
        });
        await Host.StartAsync();
    }

    /// <summary>Copies a signed plugin folder under a dot-name beside its destination, then renames it into place.</summary>
    public string Deploy(string signedFolder, string folderName)
    {
        var temporary = Path.Combine(Plugins, "." + folderName + ".new");
        CopyTree(signedFolder, temporary);
        var final = Path.Combine(Plugins, folderName);
        if (Directory.Exists(final))
        {
            var old = Path.Combine(Plugins, "." + folderName + ".old");
            Directory.Move(final, old);
            Directory.Move(temporary, final);
            Directory.Delete(old, recursive: true);
        }
        else
        {
            Directory.Move(temporary, final);
        }
        return final;
    }

    /// <summary>Complete lines of a file a sink writes (a sink may be in the middle of a line).</summary>
    public string[] ReadLines(string file)
    {
        var path = Path.Combine(Output, file);
        if (!File.Exists(path)) return [];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var text = new StreamReader(stream).ReadToEnd();
        return text[..(text.LastIndexOf('\n') + 1)].Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public string StatusValue(string domain, string name) =>
        Host!.StatusRows().FirstOrDefault(r => r.Domain == domain && r.Name == name)?.Value ?? "";

    /// <summary>Polls <paramref name="condition"/> until true or <paramref name="timeout"/> passes.</summary>
    public static async Task<bool> Eventually(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (condition()) return true;
            await Task.Delay(50);
        }
        return condition();
    }

    public static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var folder in Directory.GetDirectories(from)) CopyTree(folder, Path.Combine(to, Path.GetFileName(folder)));
    }

    public async ValueTask DisposeAsync()
    {
        if (Host is not null) await Host.DisposeAsync();
    }
}

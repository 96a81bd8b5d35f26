using System.Text;

namespace Recorder.PluginTemplate.Tests.Support;

/// <summary>
/// A temporary folder where plugin projects are made from <c>plugin-template/</c> exactly as an author would:
/// the template is installed into a private template hive (the user's template cache is never touched), each
/// project is instantiated with a dotted name, and all of them are built with one offline restore (the packages
/// come from the local NuGet cache; no package source is reachable).
/// </summary>
internal sealed class TemplateWorkspace
{
    private static readonly TimeSpan QuickCommand = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan Build = TimeSpan.FromMinutes(10);

    public TemplateWorkspace(string root)
    {
        Root = root;
        Hive = Directory.CreateDirectory(Path.Combine(root, "template-hive")).FullName;
        Projects = Directory.CreateDirectory(Path.Combine(root, "projects")).FullName;
        OfflineFeed = Directory.CreateDirectory(Path.Combine(root, "no-packages-here")).FullName;
    }

    public string Root { get; }
    public string Hive { get; }
    public string Projects { get; }
    public string OfflineFeed { get; }
    public List<TemplatedPlugin> Plugins { get; } = [];

    /// <summary><c>dotnet new install ./plugin-template</c> into the private hive.</summary>
    public Task<string> InstallTemplateAsync() =>
        DotnetCommand.DotnetAsync(Root, QuickCommand, "new", "install", RecorderTools.TemplateFolder, "--debug:custom-hive", Hive);

    /// <summary><c>dotnet new recorder-plugin -n <paramref name="name"/> --kind <paramref name="kind"/></c>, building against this checkout's contracts.</summary>
    public async Task<TemplatedPlugin> CreateAsync(string name, string kind)
    {
        var plugin = new TemplatedPlugin(name, kind, Path.Combine(Projects, name));
        await DotnetCommand.DotnetAsync(Projects, QuickCommand, "new", "recorder-plugin", "-n", name, "--kind", kind,
            "--contracts-path", RecorderTools.CliDirectory, "--debug:custom-hive", Hive);
        lock (Plugins) Plugins.Add(plugin);
        return plugin;
    }

    /// <summary>
    /// Builds every project made so far (plugins and their tests) in one build, with no package source, and with
    /// a signing key so that each plugin's build also writes its signed bundle (<c>recorder plugin bundle</c>).
    /// </summary>
    public Task<string> BuildAllAsync(string signingKey)
    {
        var solution = Path.Combine(Root, "all.slnx");
        var text = new StringBuilder("<Solution>\n");
        foreach (var plugin in Plugins)
        {
            text.Append($"  <Project Path=\"{plugin.ProjectFile}\" />\n");
            text.Append($"  <Project Path=\"{plugin.TestProjectFile}\" />\n");
        }
        File.WriteAllText(solution, text.Append("</Solution>\n").ToString());
        return DotnetCommand.DotnetAsync(Root, Build, "build", solution, "-c", "Debug", "-nologo", "-v:minimal",
            "-p:RestoreSources=" + OfflineFeed,
            "-p:RecorderSigningKey=" + signingKey,
            "-p:RecorderCli=%22" + RecorderTools.Cli + "%22");
    }

    /// <summary>Runs the tests the template generated, for every project, on the build above.</summary>
    public Task<string> TestAllAsync() =>
        DotnetCommand.DotnetAsync(Root, Build, "test", Path.Combine(Root, "all.slnx"), "--no-build", "-c", "Debug", "-nologo");
}

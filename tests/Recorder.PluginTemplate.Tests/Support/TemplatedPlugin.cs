namespace Recorder.PluginTemplate.Tests.Support;

/// <summary>One project made from the template: its name, kind, folder, and the names the template derived from them.</summary>
internal sealed record TemplatedPlugin(string Name, string Kind, string Directory)
{
    /// <summary>Manifest id: the name in lower case.</summary>
    public string Id => Name.ToLowerInvariant();

    /// <summary>Name of the collector, enricher or sink part: the id with dashes.</summary>
    public string PartName => Id.Replace('.', '-');

    /// <summary>Event type a collector declares.</summary>
    public string EventType => Id.Replace('-', '_') + ".sample";

    /// <summary>The signed bundle written by the build when a signing key is given.</summary>
    public string Bundle => Path.Combine(Directory, "artifacts", Id);

    public string ProjectFile => Path.Combine(Directory, "src", Name, Name + ".csproj");
    public string TestProjectFile => Path.Combine(Directory, "tests", Name + ".Tests", Name + ".Tests.csproj");
}

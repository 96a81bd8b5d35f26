namespace Recorder.Trust;

/// <summary>What a plugin provides; a manifest lists one or more.</summary>
public enum PluginKind
{
    Collector,
    Enricher,
    Sink,
}

/// <summary>Names of plugin kinds as manifests spell them.</summary>
public static class PluginKinds
{
    public static string ToManifestName(this PluginKind kind) => kind switch
    {
        PluginKind.Collector => "collector",
        PluginKind.Enricher => "enricher",
        _ => "sink",
    };

    public static bool TryParse(string name, out PluginKind kind)
    {
        switch (name)
        {
            case "collector": kind = PluginKind.Collector; return true;
            case "enricher": kind = PluginKind.Enricher; return true;
            case "sink": kind = PluginKind.Sink; return true;
            default: kind = default; return false;
        }
    }
}

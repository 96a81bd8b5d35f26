namespace Recorder.TestPlugins.Yaml;

/// <summary>The name this build of the probe exports its enricher under.</summary>
internal static class PluginName
{
    public const string Enricher = "test-yaml15";
}

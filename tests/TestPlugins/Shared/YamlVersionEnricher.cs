using System.Reflection;
using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;
using YamlDotNet.RepresentationModel;

namespace Recorder.TestPlugins.Yaml;

/// <summary>
/// A private-dependency probe: compiled into two test plugins that each carry a different YamlDotNet (the host
/// has a third). It parses YAML with whatever YamlDotNet its load context resolved, reports that assembly's
/// version and file in status, and tags every event with the version, so a test can see that each plugin runs
/// its own copy from its own bundle.
/// </summary>
[Enricher(PluginName.Enricher, Order = 6000)]
public sealed class YamlVersionEnricher : IEnricher
{
    private string _version = "";

    public Task StartAsync(IPluginServices services, ReadOnlyMemory<byte>? handoverState, CancellationToken cancellationToken)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader("parsed_by: " + PluginName.Enricher));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var parsed = ((YamlScalarNode)root.Children[new YamlScalarNode("parsed_by")]).Value;
        var assembly = typeof(YamlStream).Assembly;
        _version = assembly.GetName().Version?.ToString() ?? "";
        services.Diagnostics.SetStatus("yamldotnet", $"{_version} from {assembly.Location}");
        services.Diagnostics.SetStatus("parsed", parsed ?? "");
        return Task.CompletedTask;
    }

    public void Enrich(RecorderEvent recorderEvent) => recorderEvent.Tags[PluginName.Enricher] = _version;
}

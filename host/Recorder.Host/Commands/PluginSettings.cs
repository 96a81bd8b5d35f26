using Recorder.Contracts.Plugins;
using Recorder.Host.Configuration;

namespace Recorder.Host.Commands;

/// <summary>A plugin's own settings (<c>plugins: &lt;id&gt;:</c>) from the host configuration.</summary>
public static class PluginSettings
{
    /// <summary>The settings of <paramref name="pluginId"/>, empty when the configuration has none.</summary>
    public static IPluginOptions For(HostConfiguration configuration, string pluginId) =>
        YamlPluginOptions.FromNode(configuration.PluginSettings.GetValueOrDefault(pluginId), $"{configuration.Source}: plugins.{pluginId}");
}

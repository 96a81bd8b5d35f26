using Recorder.Contracts.Plugins;

namespace Recorder.Host.Loading;

/// <summary>The services one plugin part gets from the host.</summary>
public sealed class PluginServices : IPluginServices
{
    /// <summary>Creates the services; the plugin's data folder is created root-only.</summary>
    public PluginServices(string pluginId, string dataDirectory, string hostDataDirectory, IPluginOptions settings, IPluginDiagnostics diagnostics, IEventSchemaRegistry schemas)
    {
        PluginId = pluginId;
        DataDirectory = dataDirectory;
        HostDataDirectory = hostDataDirectory;
        Settings = settings;
        Diagnostics = diagnostics;
        Schemas = schemas;
        Directory.CreateDirectory(dataDirectory);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <inheritdoc />
    public string PluginId { get; }
    /// <inheritdoc />
    public string DataDirectory { get; }
    /// <inheritdoc />
    public string HostDataDirectory { get; }
    /// <inheritdoc />
    public IPluginOptions Settings { get; }
    /// <inheritdoc />
    public IPluginDiagnostics Diagnostics { get; }
    /// <inheritdoc />
    public IEventSchemaRegistry Schemas { get; }
}

namespace Recorder.Host.Loading;

/// <summary>
/// Loads a plugin's entry assembly into its own collectible load context and finds its parts. Our own thin
/// seam over McMaster.NETCore.Plugins (effectively unmaintained), so that it can be replaced by a plain
/// AssemblyLoadContext without touching the rest of the host.
/// </summary>
public interface IPluginAssemblyLoader
{
    /// <summary>Loads <paramref name="entryAssemblyPath"/> (in a staged, verified folder) and composes its parts.</summary>
    LoadedPluginAssembly Load(string pluginId, string entryAssemblyPath);
}

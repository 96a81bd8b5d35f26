using System.Composition;
using System.Composition.Hosting;
using System.Runtime.Loader;
using McMaster.NETCore.Plugins;
using Recorder.Contracts.Commands;
using Recorder.Contracts.Importing;
using Recorder.Contracts.Plugins;

namespace Recorder.Host.Loading;

/// <summary>
/// <see cref="IPluginAssemblyLoader"/> over McMaster.NETCore.Plugins and System.Composition. The contracts
/// assembly and MEF's attribute assembly are shared with the host: sharing keeps interface identity across
/// contexts (otherwise casts fail), and a plugin carrying its own attribute assembly would show zero exports.
/// McMaster's own hot reload is not used: the host watches manifests, verifies, and loads a new version itself.
/// </summary>
public sealed class McMasterPluginAssemblyLoader : IPluginAssemblyLoader
{
    private static readonly Type[] SharedTypes = { typeof(ICollector), typeof(ExportAttribute) };

    /// <inheritdoc />
    public LoadedPluginAssembly Load(string pluginId, string entryAssemblyPath)
    {
        var loader = PluginLoader.CreateFromAssemblyFile(entryAssemblyPath, SharedTypes, config =>
        {
            config.IsUnloadable = true;
            // Only the shared types' assemblies (and what they reference) come from the host; everything else
            // the plugin uses is loaded from its own staged, verified folder, even where the host has a copy.
            config.PreferSharedTypes = false;
        });
        CompositionHost? container = null;
        try
        {
            var assembly = loader.LoadDefaultAssembly();
            container = new ContainerConfiguration().WithAssembly(assembly).CreateContainer();
            var collectors = container.GetExports<Lazy<ICollector, PartMetadata>>()
                .Select(e => new CollectorPart(e.Metadata.Name, e.Metadata.OperatingSystems, e.Value)).ToArray();
            var enrichers = container.GetExports<Lazy<IEnricher, PartMetadata>>()
                .Select(e => new EnricherPart(e.Metadata.Name, e.Metadata.Order, e.Value)).ToArray();
            var sinks = container.GetExports<Lazy<ISinkProvider, PartMetadata>>()
                .Select(e => new SinkPart(e.Metadata.Name, e.Value)).ToArray();
            var commands = container.GetExports<Lazy<IRecorderCommand, CommandMetadata>>()
                .Select(e => new CommandPart(e.Metadata.Name, e.Metadata.Placement, e.Value)).ToArray();
            var importers = container.GetExports<Lazy<IEventImporter, PartMetadata>>()
                .Select(e => new ImporterPart(e.Metadata.Name, e.Value)).ToArray();
            var context = AssemblyLoadContext.GetLoadContext(assembly)
                ?? throw new InvalidOperationException($"plugin {pluginId}: its assembly has no load context");
            if (context == AssemblyLoadContext.Default)
                throw new InvalidOperationException($"plugin {pluginId}: {Path.GetFileName(entryAssemblyPath)} was loaded into the host's own context (an assembly of that name is already part of the host)");
            return new LoadedPluginAssembly(pluginId, loader, container, context, collectors, enrichers, sinks, commands, importers);
        }
        catch
        {
            container?.Dispose();
            loader.Dispose();
            throw;
        }
    }
}

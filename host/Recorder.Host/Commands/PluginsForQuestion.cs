using Recorder.Host.Configuration;
using Recorder.Host.Loading;
using Recorder.Host.Runtime;
using Recorder.Trust;

namespace Recorder.Host.Commands;

/// <summary>
/// The plugins of the host's layout, verified and loaded to answer one command line (<c>recorder timeline ...</c>)
/// when no running recorder answers it. Every plugin folder is checked by the same verifier and stager as the
/// running host, staged into a private temporary folder (never the running host's), and loaded into its own
/// context; no collector or enricher is started. The host's accepted sequences are read, never written: a
/// rollback the host would refuse is refused here too. Dispose unloads everything and deletes the staging copy.
/// </summary>
public sealed class PluginsForQuestion : IDisposable
{
    private readonly List<LoadedPluginAssembly> _assemblies = new();
    private readonly List<RefusedPlugin> _refused = new();
    private readonly List<LoadedCommand> _commands = new();
    private readonly List<(string PluginId, ImporterPart Part)> _importers = new();
    private readonly List<(string PluginId, SinkPart Part)> _sinks = new();
    private readonly List<(string PluginId, CollectorPart Part)> _collectors = new();
    private readonly string _staging;

    private PluginsForQuestion(string staging) => _staging = staging;

    /// <summary>Plugin folders refused, with the reason (the same codes as <c>recorder plugins list</c>).</summary>
    public IReadOnlyList<RefusedPlugin> Refused => _refused;

    /// <summary>Every importer the loaded plugins export, with the plugin that exports it, in plugin folder order.</summary>
    public IReadOnlyList<(string PluginId, ImporterPart Part)> Importers => _importers;

    /// <summary>Every sink provider the loaded plugins export, with the plugin that exports it.</summary>
    public IReadOnlyList<(string PluginId, SinkPart Part)> Sinks => _sinks;

    /// <summary>Every collector the loaded plugins export (never started: asked only what it produces).</summary>
    public IReadOnlyList<(string PluginId, CollectorPart Part)> Collectors => _collectors;

    /// <summary>Every command the loaded plugins export, in plugin folder order (not yet checked: see <see cref="CommandCatalog"/>).</summary>
    public IReadOnlyList<LoadedCommand> Commands => _commands;

    /// <summary>Verifies, stages and loads every plugin folder of <paramref name="configuration"/>.</summary>
    /// <exception cref="TrustStoreException">The trust store cannot be read.</exception>
    /// <exception cref="InvalidDataException">The host's accepted-sequences file is damaged.</exception>
    public static PluginsForQuestion Load(HostConfiguration configuration, IPluginAssemblyLoader? loader = null)
    {
        loader ??= new McMasterPluginAssemblyLoader();
        var set = new PluginsForQuestion(Directory.CreateTempSubdirectory("recorder-cli-plugins-").FullName);
        try
        {
            var verifier = new PluginVerifier(TrustStore.Load(configuration.TrustStoreDirectory), set.CopyOfAcceptedSequences(configuration), new PluginVerifierOptions
            {
                HostContractsVersion = HostInfo.ContractsVersion,
                RequireRootOwnership = true,
            });
            var loaded = new HashSet<string>(StringComparer.Ordinal);
            foreach (var directory in PluginFolders(configuration))
                set.LoadOne(directory, verifier, loader, loaded);
            return set;
        }
        catch
        {
            set.Dispose();
            throw;
        }
    }

    private void LoadOne(string directory, PluginVerifier verifier, IPluginAssemblyLoader loader, HashSet<string> loaded)
    {
        StagedPlugin staged;
        try
        {
            staged = verifier.VerifyAndStage(directory, Path.Combine(_staging, "staging"));
        }
        catch (PluginRefusedException ex)
        {
            _refused.Add(new RefusedPlugin(directory, ex.Reason.ToCode(), ex.Message, DateTime.UtcNow));
            return;
        }
        var manifest = staged.Manifest;
        if (!loaded.Add(manifest.Id))
        {
            _refused.Add(new RefusedPlugin(directory, "duplicate", $"plugin {manifest.Id} is already loaded from another folder", DateTime.UtcNow));
            return;
        }
        LoadedPluginAssembly assembly;
        try
        {
            assembly = loader.Load(manifest.Id, staged.EntryAssemblyPath);
        }
        catch (Exception ex)
        {
            _refused.Add(new RefusedPlugin(directory, "load-failed", $"{ex.GetType().Name}: {ex.Message}", DateTime.UtcNow));
            return;
        }
        _assemblies.Add(assembly);
        foreach (var part in assembly.Importers) _importers.Add((manifest.Id, part));
        foreach (var part in assembly.Sinks) _sinks.Add((manifest.Id, part));
        foreach (var part in assembly.Collectors) _collectors.Add((manifest.Id, part));
        foreach (var part in assembly.Commands)
            _commands.Add(new LoadedCommand(manifest.Id, manifest.Version.ToString(), manifest.Sequence, part));
    }

    /// <summary>Plugin folders in the order the running host considers them (deploys in progress skipped).</summary>
    public static IEnumerable<string> PluginFolders(HostConfiguration configuration)
    {
        foreach (var root in configuration.PluginDirectories)
        {
            if (!Directory.Exists(root)) continue;
            foreach (var directory in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(directory);
                // Operators deploy by copying to a temporary name, then renaming into place.
                if (name.StartsWith('.') || name.EndsWith(".tmp", StringComparison.Ordinal) || name.EndsWith(".partial", StringComparison.Ordinal)) continue;
                yield return directory;
            }
        }
    }

    /// <summary>A private copy of the host's accepted sequences: checked like the host checks them, never written back.</summary>
    private PluginSequenceStore CopyOfAcceptedSequences(HostConfiguration configuration)
    {
        if (!File.Exists(configuration.SequenceStorePath)) return PluginSequenceStore.InMemory();
        var copy = Path.Combine(_staging, PluginSequenceStore.DefaultFileName);
        File.Copy(configuration.SequenceStorePath, copy);
        return PluginSequenceStore.Open(copy);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _commands.Clear();
        _sinks.Clear();
        _collectors.Clear();
        _importers.Clear();
        foreach (var assembly in _assemblies) assembly.Unload();
        _assemblies.Clear();
        try { Directory.Delete(_staging, recursive: true); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
    }
}

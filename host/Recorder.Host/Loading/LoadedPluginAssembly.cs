using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace Recorder.Host.Loading;

/// <summary>
/// A plugin assembly loaded in its own collectible context, with the parts MEF found in it. Unloading
/// disposes the composition container and the loader; <see cref="WaitForUnload"/> proves the context was
/// really collected (a leaked context is a memory leak per reload).
/// </summary>
public sealed class LoadedPluginAssembly
{
    private IDisposable? _container;
    private IDisposable? _loader;
    private readonly WeakReference _context;
    private bool _unloaded;

    internal LoadedPluginAssembly(string pluginId, IDisposable loader, IDisposable container, AssemblyLoadContext context,
        IReadOnlyList<CollectorPart> collectors, IReadOnlyList<EnricherPart> enrichers, IReadOnlyList<SinkPart> sinks,
        IReadOnlyList<CommandPart>? commands = null, IReadOnlyList<ImporterPart>? importers = null)
    {
        PluginId = pluginId;
        _loader = loader;
        _container = container;
        _context = new WeakReference(context, trackResurrection: false);
        Collectors = collectors;
        Enrichers = enrichers;
        Sinks = sinks;
        Commands = commands ?? Array.Empty<CommandPart>();
        Importers = importers ?? Array.Empty<ImporterPart>();
    }

    /// <summary>The plugin id.</summary>
    public string PluginId { get; }
    /// <summary>Collectors exported by the plugin.</summary>
    public IReadOnlyList<CollectorPart> Collectors { get; private set; }
    /// <summary>Enrichers exported by the plugin.</summary>
    public IReadOnlyList<EnricherPart> Enrichers { get; private set; }
    /// <summary>Sink providers exported by the plugin.</summary>
    public IReadOnlyList<SinkPart> Sinks { get; private set; }
    /// <summary>Commands the plugin adds to the <c>recorder</c> command line.</summary>
    public IReadOnlyList<CommandPart> Commands { get; private set; }
    /// <summary>Importers of recorded history the plugin offers to <c>recorder import</c>.</summary>
    public IReadOnlyList<ImporterPart> Importers { get; private set; }

    /// <summary>
    /// The assemblies the plugin's own load context holds right now, read from the running process: what the
    /// plugin really executes (its entry assembly and every private dependency, loaded from the staged bundle).
    /// Assemblies it shares with the host (the contracts, MEF's attributes, the framework) are not listed.
    /// </summary>
    public IReadOnlyList<PluginAssemblyInfo> Assemblies()
    {
        if (_unloaded || _context.Target is not AssemblyLoadContext context) return Array.Empty<PluginAssemblyInfo>();
        return context.Assemblies
            .Select(a => new PluginAssemblyInfo(a.GetName().Name ?? "", a.GetName().Version?.ToString() ?? "", a.Location, a.ManifestModule.ModuleVersionId))
            .OrderBy(a => a.Name, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>A weak reference to the load context, for tests and for the unload check.</summary>
    public WeakReference ContextReference => _context;

    /// <summary>Drops every reference the host holds into the plugin and starts unloading its context.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Unload()
    {
        if (_unloaded) return;
        _unloaded = true;
        Collectors = Array.Empty<CollectorPart>();
        Enrichers = Array.Empty<EnricherPart>();
        Sinks = Array.Empty<SinkPart>();
        Commands = Array.Empty<CommandPart>();
        Importers = Array.Empty<ImporterPart>();
        // Dispose, then drop the references: a disposed loader still holds its load context alive.
        _container?.Dispose();
        _loader?.Dispose();
        _container = null;
        _loader = null;
    }

    /// <summary>
    /// Collects garbage until the context is gone or <paramref name="timeout"/> passes. True when the context
    /// was collected.
    /// </summary>
    public static bool WaitForUnload(WeakReference context, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (context.IsAlive)
        {
            if (DateTime.UtcNow > deadline) return false;
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            if (context.IsAlive) Thread.Sleep(20);
        }
        return true;
    }
}

/// <summary>One assembly loaded in a plugin's context: name, version, the file it was loaded from and its build id.</summary>
public sealed record PluginAssemblyInfo(string Name, string Version, string Location, Guid ModuleVersionId);

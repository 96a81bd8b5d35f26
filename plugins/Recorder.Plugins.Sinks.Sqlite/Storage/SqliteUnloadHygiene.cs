using System.Reflection;
using System.Runtime.Loader;
using Microsoft.Data.Sqlite;

namespace Recorder.Plugins.Sinks.Sqlite.Storage;

/// <summary>
/// Lets the host unload this plugin. Microsoft.Data.Sqlite's connection factory (a static, created on the first
/// open) subscribes to <see cref="AppDomain.DomainUnload"/> and <see cref="AppDomain.ProcessExit"/> and runs a
/// pool-pruning timer; those framework-owned references kept every replaced version of this plugin loaded
/// (a load context leaked per hot reload, seen in BuiltInPluginUnloadTests). When the host unloads this plugin's
/// context, this clears the pools, stops the timer and detaches the factory's handlers.
/// </summary>
internal static class SqliteUnloadHygiene
{
    private static int _registered;

    /// <summary>Registers the clean-up once per load context; call before the first connection opens.</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        var context = AssemblyLoadContext.GetLoadContext(typeof(SqliteUnloadHygiene).Assembly);
        if (context is null || !context.IsCollectible) return;
        context.Unloading += OnUnloading;
    }

    private static void OnUnloading(AssemblyLoadContext context)
    {
        context.Unloading -= OnUnloading;
        SqliteConnection.ClearAllPools();
        StopPruneTimer();
        foreach (var handler in HandlersFrom(context, "DomainUnload")) AppDomain.CurrentDomain.DomainUnload -= handler;
        foreach (var handler in HandlersFrom(context, "ProcessExit")) AppDomain.CurrentDomain.ProcessExit -= handler;
    }

    private static void StopPruneTimer()
    {
        var factory = typeof(SqliteConnection).Assembly.GetType("Microsoft.Data.Sqlite.SqliteConnectionFactory");
        var instance = factory?.GetField("Instance", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null);
        if (factory?.GetField("_pruneTimer", BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(instance) is Timer timer)
            timer.Dispose();
    }

    // The handlers of an AppDomain event (read from its backing field) whose code lives in this plugin's context.
    private static IEnumerable<EventHandler> HandlersFrom(AssemblyLoadContext context, string eventName)
    {
        var field = typeof(AppDomain).GetField(eventName, BindingFlags.NonPublic | BindingFlags.Instance);
        if (field?.GetValue(AppDomain.CurrentDomain) is not EventHandler handlers) return [];
        return handlers.GetInvocationList().OfType<EventHandler>()
            .Where(h => AssemblyLoadContext.GetLoadContext(h.Method.Module.Assembly) == context)
            .ToArray();
    }
}

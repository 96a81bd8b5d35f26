using Recorder.Contracts.Events;

namespace Recorder.Contracts.Plugins;

/// <summary>Services the host gives every plugin part.</summary>
public interface IPluginServices
{
    /// <summary>Id of the plugin, from its manifest.</summary>
    string PluginId { get; }
    /// <summary>A folder this plugin may keep state in; it survives restarts and upgrades.</summary>
    string DataDirectory { get; }
    /// <summary>The host's data folder (where stores live by default).</summary>
    string HostDataDirectory { get; }
    /// <summary>The plugin's settings (<c>plugins: &lt;id&gt;:</c> in the host configuration).</summary>
    IPluginOptions Settings { get; }
    /// <summary>Logging, status rows, counters and health checks.</summary>
    IPluginDiagnostics Diagnostics { get; }
    /// <summary>Every event schema the host knows, built-in or declared by plugins.</summary>
    IEventSchemaRegistry Schemas { get; }
}

/// <summary>The schemas known to the host.</summary>
public interface IEventSchemaRegistry
{
    /// <summary>Finds a schema by type name.</summary>
    bool TryGet(string typeName, out EventSchema schema);
    /// <summary>Every known schema.</summary>
    IReadOnlyCollection<EventSchema> All { get; }
}

/// <summary>Log severities.</summary>
public enum PluginLogLevel
{
    /// <summary>Detail for debugging.</summary>
    Debug,
    /// <summary>Normal operation.</summary>
    Information,
    /// <summary>Something an operator may want to know.</summary>
    Warning,
    /// <summary>Something failed.</summary>
    Error,
}

/// <summary>
/// What a plugin reports. Status rows and health checks appear in <c>recorder status</c> under the plugin's
/// domain; counters appear there too and are cheap enough for hot paths.
/// </summary>
public interface IPluginDiagnostics
{
    /// <summary>Writes to the host log.</summary>
    void Log(PluginLogLevel level, string message, Exception? exception = null);
    /// <summary>Sets a status row (name, value) in the plugin's domain, or in <paramref name="domain"/>.</summary>
    void SetStatus(string name, string value, string? domain = null);
    /// <summary>Reports a health check: healthy or not, and why.</summary>
    void ReportHealth(string check, bool healthy, string detail);
    /// <summary>A named counter, created on first use.</summary>
    IPluginCounter Counter(string name);
}

/// <summary>A monotonically increasing count shown in status.</summary>
public interface IPluginCounter
{
    /// <summary>Adds one.</summary>
    void Increment();
    /// <summary>Adds <paramref name="value"/>.</summary>
    void Add(long value);
    /// <summary>The current value.</summary>
    long Value { get; }
}

/// <summary>Options from YAML (a sink's <c>options:</c>, a plugin's settings).</summary>
public interface IPluginOptions
{
    /// <summary>Binds the options to a new <typeparamref name="T"/> (snake_case or camelCase keys); unknown keys are an error.</summary>
    T Bind<T>() where T : class, new();
    /// <summary>The top-level scalar values as text, for plugins that do not bind.</summary>
    IReadOnlyDictionary<string, string?> Values { get; }
    /// <summary>Where the options came from (file and line), for error messages.</summary>
    string Source { get; }
}

/// <summary>Thrown by a plugin when an option is invalid; the host reports it with the option's location.</summary>
public sealed class PluginOptionsException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PluginOptionsException(string option, string message) : base($"option '{option}': {message}") => Option = option;
    /// <summary>The offending option's key.</summary>
    public string Option { get; }
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text;
using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;

namespace Recorder.Plugins.Sinks.Sqlite.Tests.Support;

/// <summary>A stand-in for the host's services: records health, status and counters so tests can assert them.</summary>
public sealed class FakePluginServices : IPluginServices, IPluginDiagnostics, IEventSchemaRegistry
{
    public FakePluginServices(string hostDataDirectory) => HostDataDirectory = hostDataDirectory;

    public string PluginId => "recorder.sinks.test";
    public string DataDirectory => Path.Combine(HostDataDirectory, "plugin");
    public string HostDataDirectory { get; }
    public IPluginOptions Settings { get; } = new FakeOptions(new Dictionary<string, string?>());
    public IPluginDiagnostics Diagnostics => this;
    public IEventSchemaRegistry Schemas => this;

    public ConcurrentDictionary<string, (bool Healthy, string Detail)> Health { get; } = new();
    public ConcurrentDictionary<string, string> Status { get; } = new();
    public ConcurrentDictionary<string, FakeCounter> Counters { get; } = new();
    public ConcurrentQueue<string> Logs { get; } = new();

    public void Log(PluginLogLevel level, string message, Exception? exception = null) => Logs.Enqueue($"{level}: {message}");
    public void SetStatus(string name, string value, string? domain = null) => Status[name] = value;
    public void ReportHealth(string check, bool healthy, string detail) => Health[check] = (healthy, detail);
    public IPluginCounter Counter(string name) => Counters.GetOrAdd(name, _ => new FakeCounter());
    public long CounterValue(string name) => Counters.TryGetValue(name, out var c) ? c.Value : 0;

    public bool TryGet(string typeName, out EventSchema schema)
    {
        schema = EventSchemas.All.FirstOrDefault(s => s.Name == typeName)!;
        return schema is not null;
    }

    public IReadOnlyCollection<EventSchema> All => EventSchemas.All.ToArray();
}

public sealed class FakeCounter : IPluginCounter
{
    private long _value;
    public void Increment() => Interlocked.Increment(ref _value);
    public void Add(long value) => Interlocked.Add(ref _value, value);
    public long Value => Interlocked.Read(ref _value);
}

/// <summary>Options from a dictionary of YAML-like scalars, bound like the host does (snake_case keys, unknown keys are an error).</summary>
public sealed class FakeOptions(IReadOnlyDictionary<string, string?> values) : IPluginOptions
{
    public IReadOnlyDictionary<string, string?> Values { get; } = values;
    public string Source => "test.yaml:1";

    public T Bind<T>() where T : class, new()
    {
        var result = new T();
        foreach (var (key, text) in Values)
        {
            var property = typeof(T).GetProperty(Pascal(key), BindingFlags.Public | BindingFlags.Instance)
                ?? throw new PluginOptionsException(key, "unknown option");
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            object? value = text is null ? null
                : type.IsEnum ? Enum.Parse(type, text, ignoreCase: true)
                : Convert.ChangeType(text, type, CultureInfo.InvariantCulture);
            property.SetValue(result, value);
        }
        return result;
    }

    private static string Pascal(string snake)
    {
        var text = new StringBuilder();
        foreach (var part in snake.Split('_', StringSplitOptions.RemoveEmptyEntries))
            text.Append(char.ToUpperInvariant(part[0])).Append(part.AsSpan(1));
        return text.ToString();
    }
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
}

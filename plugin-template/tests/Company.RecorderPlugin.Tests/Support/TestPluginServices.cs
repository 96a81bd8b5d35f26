using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;

namespace Company.RecorderPlugin.Tests.Support;

/// <summary>
/// What the host gives a plugin, reduced to what a unit test needs: options given as an object instead of
/// YAML, a temporary data folder, and diagnostics the test can read back.
/// </summary>
public sealed class TestPluginServices(object? options = null) : IPluginServices
{
    public string PluginId => "company.plugin-id-placeholder";
    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("plugin-test-").FullName;
    public string HostDataDirectory => DataDirectory;
    public IPluginOptions Settings { get; } = new TestOptions(options);
    public TestDiagnostics Diagnostics { get; } = new();
    IPluginDiagnostics IPluginServices.Diagnostics => Diagnostics;
    public IEventSchemaRegistry Schemas { get; } = new TestSchemaRegistry();

    private sealed class TestSchemaRegistry : IEventSchemaRegistry
    {
        public bool TryGet(string typeName, out EventSchema schema)
        {
            schema = EventSchemas.All.FirstOrDefault(s => s.Name == typeName)!;
            return schema is not null;
        }

        public IReadOnlyCollection<EventSchema> All => EventSchemas.All.ToArray();
    }
}

/// <summary>Keeps what a plugin reports, so tests can assert on counters and status.</summary>
public sealed class TestDiagnostics : IPluginDiagnostics
{
    private readonly Dictionary<string, TestCounter> _counters = new();

    public List<string> Log { get; } = [];
    public Dictionary<string, string> Status { get; } = new();

    void IPluginDiagnostics.Log(PluginLogLevel level, string message, Exception? exception)
    {
        lock (Log) Log.Add($"{level}: {message}");
    }

    public void SetStatus(string name, string value, string? domain = null)
    {
        lock (Status) Status[name] = value;
    }

    public void ReportHealth(string check, bool healthy, string detail) => SetStatus("health." + check, healthy ? "ok" : detail);

    public IPluginCounter Counter(string name)
    {
        lock (_counters)
        {
            if (!_counters.TryGetValue(name, out var counter)) _counters[name] = counter = new TestCounter();
            return counter;
        }
    }

    private sealed class TestCounter : IPluginCounter
    {
        private long _value;
        public void Increment() => Interlocked.Increment(ref _value);
        public void Add(long value) => Interlocked.Add(ref _value, value);
        public long Value => Interlocked.Read(ref _value);
    }
}

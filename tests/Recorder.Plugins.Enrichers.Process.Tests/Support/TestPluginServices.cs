using System.Collections.Concurrent;
using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;

namespace Recorder.Plugins.Enrichers.Process.Tests.Support;

/// <summary>A real data folder on disk, given options, and diagnostics that remember what was reported.</summary>
internal sealed class TestPluginServices : IPluginServices, IDisposable
{
    public TestPluginServices(ProcessEnricherOptions? options = null, string? dataDirectory = null)
    {
        Options = options ?? new ProcessEnricherOptions();
        DataDirectory = dataDirectory ?? Directory.CreateTempSubdirectory("recorder-enrich-").FullName;
        Settings = new FixedOptions(this);
    }

    public ProcessEnricherOptions Options { get; set; }
    public string PluginId => "recorder.enrichers.process";
    public string DataDirectory { get; }
    public string HostDataDirectory => DataDirectory;
    public IPluginOptions Settings { get; }
    public RecordingDiagnostics Diagnostics { get; } = new();
    IPluginDiagnostics IPluginServices.Diagnostics => Diagnostics;
    public IEventSchemaRegistry Schemas { get; } = new BuiltInSchemas();

    public void Dispose()
    {
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }

    private sealed class FixedOptions(TestPluginServices owner) : IPluginOptions
    {
        public T Bind<T>() where T : class, new() => owner.Options as T ?? new T();
        public IReadOnlyDictionary<string, string?> Values { get; } = new Dictionary<string, string?>();
        public string Source => "test settings";
    }

    private sealed class BuiltInSchemas : IEventSchemaRegistry
    {
        public bool TryGet(string typeName, out EventSchema schema)
        {
            schema = EventSchemas.All.FirstOrDefault(s => s.Name == typeName)!;
            return schema is not null;
        }

        public IReadOnlyCollection<EventSchema> All => EventSchemas.All.ToArray();
    }
}

internal sealed class RecordingDiagnostics : IPluginDiagnostics
{
    public ConcurrentDictionary<string, string> Status { get; } = new();
    public ConcurrentQueue<(PluginLogLevel Level, string Message)> Logs { get; } = new();
    private readonly ConcurrentDictionary<string, CounterValue> _counters = new();

    public void Log(PluginLogLevel level, string message, Exception? exception = null) => Logs.Enqueue((level, message));
    public void SetStatus(string name, string value, string? domain = null) => Status[name] = value;
    public void ReportHealth(string check, bool healthy, string detail) { }
    public IPluginCounter Counter(string name) => _counters.GetOrAdd(name, _ => new CounterValue());

    private sealed class CounterValue : IPluginCounter
    {
        private long _value;
        public void Increment() => Interlocked.Increment(ref _value);
        public void Add(long value) => Interlocked.Add(ref _value, value);
        public long Value => Interlocked.Read(ref _value);
    }
}

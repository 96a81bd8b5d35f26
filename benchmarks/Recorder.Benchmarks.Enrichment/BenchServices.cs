using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;
using Recorder.Plugins.Enrichers.Process;

namespace Recorder.Benchmarks.Enrichment;

/// <summary>Minimal plugin services for the benchmark: default settings, a temp data folder, silent diagnostics.</summary>
internal sealed class BenchServices : IPluginServices, IPluginDiagnostics, IPluginOptions, IEventSchemaRegistry
{
    public string PluginId => "recorder.enrichers.process";
    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("recorder-bench-").FullName;
    public string HostDataDirectory => DataDirectory;
    public IPluginOptions Settings => this;
    public IPluginDiagnostics Diagnostics => this;
    public IEventSchemaRegistry Schemas => this;

    public int PathCacheMilliseconds { get; init; } = new ProcessEnricherOptions().PathCacheMilliseconds;

    public T Bind<T>() where T : class, new() =>
        new ProcessEnricherOptions { SaveSnapshot = false, PathCacheMilliseconds = PathCacheMilliseconds } as T ?? new T();
    public IReadOnlyDictionary<string, string?> Values { get; } = new Dictionary<string, string?>();
    public string Source => "benchmark";

    public void Log(PluginLogLevel level, string message, Exception? exception = null) { }
    public void SetStatus(string name, string value, string? domain = null) { }
    public void ReportHealth(string check, bool healthy, string detail) { }
    public IPluginCounter Counter(string name) => new NullCounter();

    public bool TryGet(string typeName, out EventSchema schema)
    {
        schema = EventSchemas.All.FirstOrDefault(s => s.Name == typeName)!;
        return schema is not null;
    }

    public IReadOnlyCollection<EventSchema> All => EventSchemas.All.ToArray();

    private sealed class NullCounter : IPluginCounter
    {
        public void Increment() { }
        public void Add(long value) { }
        public long Value => 0;
    }
}

using System.Collections.Concurrent;
using Recorder.Contracts.Plugins;

namespace Recorder.Benchmarks.Kafka;

/// <summary>Diagnostics that keep counters and status, and print warnings and health changes.</summary>
internal sealed class BenchmarkDiagnostics : IPluginDiagnostics
{
    private readonly ConcurrentDictionary<string, CountingCounter> _counters = new();
    public ConcurrentDictionary<string, string> Status { get; } = new();
    public void Log(PluginLogLevel level, string message, Exception? exception = null)
    {
        if (level >= PluginLogLevel.Warning) Console.Error.WriteLine($"[{level}] {message}");
    }
    public void SetStatus(string name, string value, string? domain = null) => Status[name] = value;
    public void ReportHealth(string check, bool healthy, string detail) => Console.Error.WriteLine($"[health] {check}: {(healthy ? "ok" : "UNHEALTHY")} {detail}");
    public IPluginCounter Counter(string name) => _counters.GetOrAdd(name, _ => new CountingCounter());
    public long Value(string name) => _counters.TryGetValue(name, out var c) ? c.Value : 0;

    private sealed class CountingCounter : IPluginCounter
    {
        private long _value;
        public long Value => Interlocked.Read(ref _value);
        public void Increment() => Interlocked.Increment(ref _value);
        public void Add(long value) => Interlocked.Add(ref _value, value);
    }
}

using Recorder.Contracts.Plugins;

namespace Recorder.Benchmarks.Storage;

/// <summary>Diagnostics that only keep counters, health and status, as the host would show them.</summary>
internal sealed class BenchmarkDiagnostics : IPluginDiagnostics
{
    public Dictionary<string, CountingCounter> Counters { get; } = new();
    public Dictionary<string, string> Status { get; } = new();
    public void Log(PluginLogLevel level, string message, Exception? exception = null) => Console.Error.WriteLine($"[{level}] {message}");
    public void SetStatus(string name, string value, string? domain = null) => Status[name] = value;
    public void ReportHealth(string check, bool healthy, string detail) { if (!healthy) Console.Error.WriteLine($"[unhealthy] {check}: {detail}"); }
    public IPluginCounter Counter(string name) => Counters.TryGetValue(name, out var c) ? c : Counters[name] = new CountingCounter();

    public sealed class CountingCounter : IPluginCounter
    {
        public long Value { get; private set; }
        public void Increment() => Value++;
        public void Add(long value) => Value += value;
    }
}

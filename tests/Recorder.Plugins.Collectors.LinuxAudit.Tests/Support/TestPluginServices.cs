using System.Collections.Concurrent;
using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;

namespace Recorder.Plugins.Collectors.LinuxAudit.Tests.Support;

/// <summary>Just enough host for a collector under test: settings, status rows, counters, health, a log.</summary>
internal sealed class TestPluginServices : IPluginServices, IPluginDiagnostics, IPluginOptions
{
    private readonly object _settings;

    public TestPluginServices(object settings, string dataDirectory)
    {
        _settings = settings;
        DataDirectory = HostDataDirectory = dataDirectory;
    }

    public string PluginId => "recorder.collectors.linuxaudit";
    public string DataDirectory { get; }
    public string HostDataDirectory { get; }
    public IPluginOptions Settings => this;
    public IPluginDiagnostics Diagnostics => this;
    public IEventSchemaRegistry Schemas => throw new NotSupportedException();

    public ConcurrentQueue<string> LogLines { get; } = new();
    public ConcurrentDictionary<(string? Domain, string Name), string> Status { get; } = new();
    public ConcurrentDictionary<string, (bool Healthy, string Detail)> Health { get; } = new();
    public ConcurrentDictionary<string, TestCounter> Counters { get; } = new();

    public void Log(PluginLogLevel level, string message, Exception? exception = null) =>
        LogLines.Enqueue($"{level}: {message}{(exception is null ? "" : " " + exception.Message)}");

    public void SetStatus(string name, string value, string? domain = null) => Status[(domain, name)] = value;

    public string? StatusOf(string name, string? domain = null) => Status.TryGetValue((domain, name), out var v) ? v : null;

    public void ReportHealth(string check, bool healthy, string detail) => Health[check] = (healthy, detail);

    public IPluginCounter Counter(string name) => Counters.GetOrAdd(name, _ => new TestCounter());

    public T Bind<T>() where T : class, new() => (T)_settings;
    public IReadOnlyDictionary<string, string?> Values { get; } = new Dictionary<string, string?>();
    public string Source => "test";

    internal sealed class TestCounter : IPluginCounter
    {
        private long _value;
        public void Increment() => Interlocked.Increment(ref _value);
        public void Add(long value) => Interlocked.Add(ref _value, value);
        public long Value => Interlocked.Read(ref _value);
    }
}

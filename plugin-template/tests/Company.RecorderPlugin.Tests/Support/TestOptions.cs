using Recorder.Contracts.Plugins;

namespace Company.RecorderPlugin.Tests.Support;

/// <summary>Options as the host would bind them from YAML: the given object, or defaults when there is none.</summary>
public sealed class TestOptions(object? options = null) : IPluginOptions
{
    public T Bind<T>() where T : class, new() => options as T ?? new T();
    public IReadOnlyDictionary<string, string?> Values { get; } = new Dictionary<string, string?>();
    public string Source => "test";
}

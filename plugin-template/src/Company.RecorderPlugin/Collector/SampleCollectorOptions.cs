using Recorder.Contracts.Plugins;

namespace Company.RecorderPlugin;

/// <summary>
/// The collector's settings, bound from the host configuration:
/// <code>
/// plugins:
///   company.plugin-id-placeholder:
///     interval_milliseconds: 1000
///     message: hello
/// </code>
/// Keys may be snake_case or camelCase; an unknown key is an error that names it and its line.
/// </summary>
public sealed record SampleCollectorOptions
{
    /// <summary>Time between two events.</summary>
    public int IntervalMilliseconds { get; init; } = 1000;

    /// <summary>Text put into every event's <c>sample.message</c>.</summary>
    public string Message { get; init; } = "hello from company.plugin-id-placeholder";

    /// <summary>Refuses values the collector cannot work with; the host reports the option and where it came from.</summary>
    public void Validate()
    {
        if (IntervalMilliseconds < 10) throw new PluginOptionsException("interval_milliseconds", $"must be at least 10 (was {IntervalMilliseconds})");
        if (string.IsNullOrEmpty(Message)) throw new PluginOptionsException("message", "must not be empty");
    }
}

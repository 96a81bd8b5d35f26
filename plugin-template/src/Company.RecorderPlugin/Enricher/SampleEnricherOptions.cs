using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;

namespace Company.RecorderPlugin;

/// <summary>
/// The enricher's settings, bound from the host configuration:
/// <code>
/// plugins:
///   company.plugin-id-placeholder:
///     tag: site
///     value: berlin-dc2
///     event_types: [process.start, network.connect]   # empty or absent: every event
/// </code>
/// </summary>
public sealed record SampleEnricherOptions
{
    /// <summary>Name of the tag added to events.</summary>
    public string Tag { get; init; } = "site";

    /// <summary>Value of the tag.</summary>
    public string Value { get; init; } = "company.plugin-id-placeholder";

    /// <summary>Event types to tag; empty means every event.</summary>
    public List<string> EventTypes { get; init; } = [];

    /// <summary>Refuses values the enricher cannot work with; the host reports the option and where it came from.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Tag)) throw new PluginOptionsException("tag", "must not be empty");
        foreach (var type in EventTypes)
            if (!EventSchemaNames.IsValidTypeName(type))
                throw new PluginOptionsException("event_types", $"'{type}' is not an event type name such as process.start");
    }
}

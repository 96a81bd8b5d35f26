using Recorder.Contracts.Events;

namespace Company.RecorderPlugin;

/// <summary>
/// The event type this plugin declares. Subscriptions name it (<c>events: [company.event-type-placeholder]</c>),
/// filters and sinks read its fields from the schema, so it is stored like a built-in type. Once released, never
/// rename the type or a field: stored history and subscriptions depend on the names.
/// </summary>
public static class SampleEvent
{
    /// <summary>The schema the collector lists in <see cref="Recorder.Contracts.Plugins.ICollector.Produces"/>.</summary>
    public static EventSchema Schema { get; } = new("company.event-type-placeholder", "A sample event, emitted at a fixed interval.",
    [
        new EventField("sample.sequence", FieldType.Int64, "Number of the event, continuous across plugin upgrades."),
        new EventField("sample.message", FieldType.String, "The message from the collector's settings."),
    ]);

    /// <summary>
    /// Typed handles, resolved once: setting a value by handle indexes by ordinal (no name lookup per event) and the
    /// compiler checks the value's type.
    /// </summary>
    public static FieldKey<long?> Sequence { get; } = Schema.Key<long?>("sample.sequence");

    /// <inheritdoc cref="Sequence"/>
    public static FieldKey<string?> Message { get; } = Schema.Key<string?>("sample.message");
}

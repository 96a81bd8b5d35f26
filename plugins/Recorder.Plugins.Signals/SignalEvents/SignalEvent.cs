using Recorder.Contracts.Events;

namespace Recorder.Plugins.Signals.SignalEvents;

/// <summary>
/// <c>signal.sigma</c>: a Sigma rule matched an event. The signal carries the rule (id, title, level, status, tags,
/// file), which event it matched (id, type, time) and, as its own process context, the matched event's process
/// (GUID, pid, image, command line, user, parent), so <c>recorder tree</c> and the process filters work on signals too.
/// </summary>
public static class SignalEvent
{
    /// <summary>The type name (a type needs two dotted parts; other kinds of signal may follow as <c>signal.*</c>).</summary>
    public const string TypeName = "signal.sigma";

    /// <summary>The schema the signals collector declares.</summary>
    public static EventSchema Schema { get; } = new(TypeName, "A Sigma rule matched an event (the event's process is this event's process context).",
    [
        new EventField("signal.rule_id", FieldType.String, "Id of the Sigma rule."),
        new EventField("signal.rule_title", FieldType.String, "Title of the rule."),
        new EventField("signal.level", FieldType.String, "Level of the rule: informational, low, medium, high or critical."),
        new EventField("signal.status", FieldType.String, "Status of the rule: stable, test, experimental, deprecated or unsupported."),
        new EventField("signal.tags", FieldType.StringList, "Tags of the rule (attack.t1059, ...)."),
        new EventField("signal.rule_file", FieldType.String, "The rule file."),
        new EventField("signal.logsource", FieldType.String, "The logsource the event was evaluated as: product/category (windows/process_creation)."),
        new EventField("signal.event_id", FieldType.Int64, "Id (event.id) of the matched event."),
        new EventField("signal.event_type", FieldType.String, "Type of the matched event, such as process.start."),
        new EventField("signal.event_time", FieldType.Timestamp, "When the matched event happened (UTC)."),
    ]);

    public static FieldKey<string?> RuleId { get; } = Schema.Key<string?>("signal.rule_id");
    public static FieldKey<string?> RuleTitle { get; } = Schema.Key<string?>("signal.rule_title");
    public static FieldKey<string?> Level { get; } = Schema.Key<string?>("signal.level");
    public static FieldKey<string?> Status { get; } = Schema.Key<string?>("signal.status");
    public static FieldKey<IReadOnlyList<string>?> Tags { get; } = Schema.Key<IReadOnlyList<string>?>("signal.tags");
    public static FieldKey<string?> RuleFile { get; } = Schema.Key<string?>("signal.rule_file");
    public static FieldKey<string?> Logsource { get; } = Schema.Key<string?>("signal.logsource");
    public static FieldKey<long?> EventId { get; } = Schema.Key<long?>("signal.event_id");
    public static FieldKey<string?> EventType { get; } = Schema.Key<string?>("signal.event_type");
    public static FieldKey<DateTime?> EventTime { get; } = Schema.Key<DateTime?>("signal.event_time");

    /// <summary>True for events the signals sink must never evaluate: signals themselves (no loops).</summary>
    public static bool IsSignal(string eventType) => eventType.StartsWith("signal.", StringComparison.Ordinal);
}

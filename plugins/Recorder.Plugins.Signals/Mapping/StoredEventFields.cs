using Recorder.Plugins.Sinks.Sqlite.Queries;

namespace Recorder.Plugins.Signals.Mapping;

/// <summary>
/// An event read back from the SQLite store as a whole-event record (the names <c>recorder timeline --format jsonl</c>
/// prints), for <c>recorder hunt</c>. Values are texts, integers and lists; GUIDs and times are text.
/// </summary>
internal sealed class StoredEventFields : IEventFields
{
    private readonly Dictionary<string, object?> _values = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<string, string>? _tags;

    public StoredEventFields(EventRecord record)
    {
        Record = record;
        foreach (var (name, value) in record)
        {
            if (name == "tags") _tags = value as IReadOnlyDictionary<string, string>;
            else _values[name] = value;
        }
    }

    public EventRecord Record { get; }
    public string Type => Get("event.type") as string ?? "";
    public string? Collector => Get("event.collector") as string;
    public bool Failed => Get("event.outcome") as string == "failure";
    public long? Id => Get("event.id") as long?;
    public string? Time => Get("event.time") as string;

    public object? Get(string field) => _values.TryGetValue(field, out var value) ? value : null;

    public string? Tag(string name) => _tags is not null && _tags.TryGetValue(name, out var value) ? value : null;
}

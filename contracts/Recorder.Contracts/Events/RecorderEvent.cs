namespace Recorder.Contracts.Events;

/// <summary>
/// One recorded event: a common header, the process context and the values of its schema's fields, stored by
/// ordinal. Created by a collector through <see cref="Plugins.IEventWriter.CreateEvent"/>, completed by enrichers,
/// then shared read-only by every sink it is routed to.
/// </summary>
public sealed class RecorderEvent
{
    private readonly object?[] _values;
    private Dictionary<string, string>? _tags;

    /// <summary>Creates an empty event of the given type.</summary>
    public RecorderEvent(EventSchema schema)
    {
        Schema = schema ?? throw new ArgumentNullException(nameof(schema));
        _values = schema.Fields.Count == 0 ? Array.Empty<object?>() : new object?[schema.Fields.Count];
    }

    /// <summary>Host-unique, increasing id, assigned by the host when the collector writes the event.</summary>
    public long Id { get; set; }
    /// <summary>When it happened, in UTC, with the source's full precision.</summary>
    public DateTime Time { get; set; }
    /// <summary>The event type's schema.</summary>
    public EventSchema Schema { get; }
    /// <summary>The stable dotted type name.</summary>
    public string Type => Schema.Name;
    /// <summary>Name of the collector that produced it; set by the host.</summary>
    public string Collector { get; set; } = "";
    /// <summary>Whether the action succeeded.</summary>
    public EventOutcome Outcome { get; set; }
    /// <summary>The raw result (a syscall's exit value, a Windows status), when the source gives one.</summary>
    public long? ResultCode { get; set; }
    /// <summary>Who did it.</summary>
    public ProcessContext Process { get; } = new();
    /// <summary>
    /// Set when the event is replayed from a recorded log, not observed now: enrichers must then not consult the live
    /// machine (see <see cref="ReplayOrigin"/>). Null for live events.
    /// </summary>
    public ReplayOrigin? Replay { get; set; }

    /// <summary>Free-form labels added by enrichers (for example a rule key); stored by every sink.</summary>
    public IDictionary<string, string> Tags => _tags ??= new Dictionary<string, string>(StringComparer.Ordinal);
    /// <summary>True when at least one tag was added; lets sinks skip the dictionary.</summary>
    public bool HasTags => _tags is { Count: > 0 };

    /// <summary>A type-specific value by ordinal.</summary>
    public object? this[int ordinal]
    {
        get => _values[ordinal];
        set => _values[ordinal] = value;
    }

    /// <summary>A type-specific value by field.</summary>
    public object? this[EventField field]
    {
        get => _values[field.Ordinal];
        set => _values[field.Ordinal] = value;
    }

    /// <summary>
    /// Sets a type-specific value through a typed handle: no lookup, and the compiler checks the value's type.
    /// Throws when the handle belongs to another schema (fields of different schemas may share a name but not an
    /// ordinal).
    /// </summary>
    public void Set<T>(FieldKey<T> key, T value)
    {
        if (!ReferenceEquals(key.Schema, Schema)) throw WrongSchema(key.Schema, key.Field);
        _values[key.Ordinal] = value;
    }

    /// <summary>
    /// A type-specific value through a typed handle; null when absent, or when it was stored (by ordinal or name)
    /// as another type.
    /// </summary>
    public T? Get<T>(FieldKey<T> key)
    {
        if (!ReferenceEquals(key.Schema, Schema)) throw WrongSchema(key.Schema, key.Field);
        return _values[key.Ordinal] is T value ? value : default;
    }

    private ArgumentException WrongSchema(EventSchema schema, EventField field) =>
        new($"The handle of '{field.Name}' belongs to '{schema.Name}'; this event is a '{Type}'.", "key");

    /// <summary>A type-specific value by name; throws naming the type when the field does not exist.</summary>
    public object? this[string field]
    {
        get => _values[Schema[field].Ordinal];
        set => _values[Schema[field].Ordinal] = value;
    }

    /// <summary>
    /// The value of any field by name: a common field (<c>event.*</c>, <c>process.*</c>) or a type-specific one.
    /// Returns false when this event's type has no such field.
    /// </summary>
    public bool TryGetValue(string field, out object? value)
    {
        if (Schema.TryGetField(field, out var f)) { value = _values[f.Ordinal]; return true; }
        if (CommonFields.TryGetAccessor(field, out var accessor)) { value = accessor(this); return true; }
        value = null;
        return false;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Type}#{Id} pid={Process.Pid} exe={Process.Executable}";
}

namespace Recorder.Contracts.Events;

/// <summary>
/// A typed handle to one field of one schema, resolved once: <see cref="RecorderEvent.Set{T}"/> and
/// <see cref="RecorderEvent.Get{T}"/> index the event's values by its ordinal, and the compiler checks the value's
/// type. <typeparamref name="T"/> is the nullable value type: <c>string?</c> for text and IP addresses,
/// <c>long?</c>, <c>bool?</c>, <c>double?</c>, <c>DateTime?</c>, <c>Guid?</c>, and
/// <c>IReadOnlyList&lt;string&gt;?</c> for <see cref="FieldType.StringList"/>. Get one from a built-in schema
/// (<c>EventSchemas.FileRename.OldPath</c>) or with <see cref="EventSchema.Key{T}"/> for a schema of your own.
/// </summary>
public sealed class FieldKey<T>
{
    internal FieldKey(EventSchema schema, EventField field)
    {
        Schema = schema;
        Field = field;
        Ordinal = field.Ordinal;
    }

    /// <summary>The schema the handle belongs to; an event of another schema refuses it.</summary>
    public EventSchema Schema { get; }

    /// <summary>The field.</summary>
    public EventField Field { get; }

    /// <summary>Position of the field's value in events of <see cref="Schema"/>.</summary>
    public int Ordinal { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Schema.Name}/{Field.Name}";

    /// <summary>The value type a handle of <paramref name="type"/> must use.</summary>
    internal static bool Fits(FieldType type) => type switch
    {
        FieldType.String or FieldType.IpAddress => typeof(T) == typeof(string),
        FieldType.Int64 => typeof(T) == typeof(long?),
        FieldType.Boolean => typeof(T) == typeof(bool?),
        FieldType.Double => typeof(T) == typeof(double?),
        FieldType.Timestamp => typeof(T) == typeof(DateTime?),
        FieldType.Guid => typeof(T) == typeof(Guid?),
        FieldType.StringList => typeof(T) == typeof(IReadOnlyList<string>),
        _ => false,
    };
}

namespace Recorder.Contracts.Events;

/// <summary>
/// The run-time schema of one event type: its name and the fields specific to it. Every event also carries
/// the common header and the process context; those are described once, in <see cref="CommonFields"/>.
/// Filters and sinks work from schemas only, so a type declared by a third-party plugin is filtered and stored
/// like a built-in one. A schema class of its own (derived from this one) can expose typed
/// <see cref="FieldKey{T}"/> handles for its fields, as the built-in schemas do.
/// </summary>
public class EventSchema
{
    private readonly Dictionary<string, EventField> _byName;

    /// <summary>Creates a schema. Field names must be unique and must not collide with common fields.</summary>
    public EventSchema(string name, string description, IEnumerable<EventField> fields)
    {
        if (!EventSchemaNames.IsValidTypeName(name))
            throw new ArgumentException($"Event type name '{name}' is not a lower-case dotted name such as 'file.write'.", nameof(name));
        Name = name;
        Description = description;
        var list = new List<EventField>();
        _byName = new Dictionary<string, EventField>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            if (CommonFields.ByName.ContainsKey(field.Name))
                throw new ArgumentException($"Field '{field.Name}' of '{name}' collides with a common field.", nameof(fields));
            var copy = field with { };
            copy.Ordinal = list.Count;
            if (!_byName.TryAdd(copy.Name, copy))
                throw new ArgumentException($"Field '{field.Name}' appears twice in '{name}'.", nameof(fields));
            list.Add(copy);
        }
        Fields = list;
    }

    /// <summary>The stable dotted type name, such as <c>file.rename</c>.</summary>
    public string Name { get; }

    /// <summary>One sentence describing when this event is recorded.</summary>
    public string Description { get; }

    /// <summary>The type-specific fields, in ordinal order.</summary>
    public IReadOnlyList<EventField> Fields { get; }

    /// <summary>Finds a type-specific field by name.</summary>
    public bool TryGetField(string name, out EventField field)
    {
        if (_byName.TryGetValue(name, out var f)) { field = f; return true; }
        field = null!;
        return false;
    }

    /// <summary>Gets a type-specific field by name or throws with the name of the type and field.</summary>
    public EventField this[string name] => _byName.TryGetValue(name, out var f)
        ? f
        : throw new KeyNotFoundException($"Event type '{Name}' has no field '{name}'.");

    /// <summary>
    /// A typed handle to one of this schema's fields, resolved once (keep it in a static or a property).
    /// Throws naming the type and field when the field does not exist or <typeparamref name="T"/> does not fit its
    /// <see cref="FieldType"/> (see <see cref="FieldKey{T}"/> for the value types).
    /// </summary>
    public FieldKey<T> Key<T>(string name)
    {
        var field = this[name];
        if (!FieldKey<T>.Fits(field.Type))
            throw new ArgumentException($"Field '{name}' of '{Name}' is {field.Type}; a handle of type {typeof(T).Name} does not fit it.", nameof(name));
        return new FieldKey<T>(this, field);
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>Rules for event type names.</summary>
public static class EventSchemaNames
{
    /// <summary>True for lower-case dotted names of at least two parts, such as <c>acme.sample</c>.</summary>
    public static bool IsValidTypeName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 64 || !name.Contains('.')) return false;
        if (name[0] == '.' || name[^1] == '.' || name.Contains("..", StringComparison.Ordinal)) return false;
        foreach (var c in name)
            if (!(c is >= 'a' and <= 'z' || c is >= '0' and <= '9' || c is '.' or '_')) return false;
        return true;
    }
}

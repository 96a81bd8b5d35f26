namespace Recorder.Contracts.Events;

/// <summary>The schema shared by the <c>registry.*</c> types; each instance has its own handles.</summary>
public sealed class RegistryEventSchema : EventSchema
{
    internal RegistryEventSchema(string name, string description) : base(name, description,
    [
        new("registry.key", FieldType.String, "Full key path."),
        new("registry.value", FieldType.String, "Value name, for value events."),
        new("registry.data", FieldType.String, "Value data as text, for sets."),
        new("registry.new_key", FieldType.String, "New key path, for renames."),
    ])
    {
        KeyPath = Key<string?>("registry.key");
        Value = Key<string?>("registry.value");
        Data = Key<string?>("registry.data");
        NewKey = Key<string?>("registry.new_key");
    }

    /// <summary><c>registry.key</c>.</summary>
    public FieldKey<string?> KeyPath { get; }
    /// <summary><c>registry.value</c>.</summary>
    public FieldKey<string?> Value { get; }
    /// <summary><c>registry.data</c>.</summary>
    public FieldKey<string?> Data { get; }
    /// <summary><c>registry.new_key</c>.</summary>
    public FieldKey<string?> NewKey { get; }
}

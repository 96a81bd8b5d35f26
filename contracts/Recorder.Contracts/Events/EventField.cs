namespace Recorder.Contracts.Events;

/// <summary>One field of an event schema: its dotted name, type and a description for documentation.</summary>
/// <param name="Name">Dotted, lower-case, stable name, such as <c>file.path</c>.</param>
/// <param name="Type">The value type.</param>
/// <param name="Description">One sentence for responders, shown in <c>docs/event-reference.md</c>.</param>
public sealed record EventField(string Name, FieldType Type, string Description)
{
    /// <summary>Position of the field in its schema; values are stored by ordinal.</summary>
    public int Ordinal { get; internal set; } = -1;

    /// <summary>True when the field holds several values (ancestry); a filter term matches if any value does.</summary>
    public bool MultiValued { get; init; }
}

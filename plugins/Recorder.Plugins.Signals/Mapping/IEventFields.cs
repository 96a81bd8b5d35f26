namespace Recorder.Plugins.Signals.Mapping;

/// <summary>
/// One Recorder event read by its dotted field names (<c>process.path</c>, <c>file.path</c>, ...), whether it is live in
/// the pipeline (<see cref="LiveEventFields"/>) or read back from the store (<see cref="StoredEventFields"/>), so the live
/// signals and <c>recorder hunt</c> go through one field mapping.
/// </summary>
internal interface IEventFields
{
    /// <summary>The event type, such as <c>process.start</c>.</summary>
    string Type { get; }

    /// <summary>The collector that produced it (<c>linux-audit</c>, <c>import:evtx</c>, ...), or null.</summary>
    string? Collector { get; }

    /// <summary>True when the event's outcome is failure (a failed exec carries the caller's process, not the program's).</summary>
    bool Failed { get; }

    /// <summary>The value of a Recorder field (common or the type's own), or null when absent.</summary>
    object? Get(string field);

    /// <summary>A tag's value, or null.</summary>
    string? Tag(string name);
}

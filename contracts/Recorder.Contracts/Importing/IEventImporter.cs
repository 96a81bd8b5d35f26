using Recorder.Contracts.Events;

namespace Recorder.Contracts.Importing;

/// <summary>
/// Reads recorded history from a file into events, for <c>recorder import</c>. The host opens the file, asks each
/// importer whether it recognises it, and feeds the events the chosen importer yields through its enrichers and
/// routing into the subscriptions' sinks, waiting for slow sinks instead of dropping. Export it with
/// <see cref="ImporterAttribute"/>.
/// </summary>
public interface IEventImporter
{
    /// <summary>What the format is, for people: <c>Linux audit log (RAW or ENRICHED)</c>.</summary>
    string Description { get; }

    /// <summary>
    /// Event types this importer declares itself (types no built-in schema covers, such as a Windows
    /// <c>process.access</c>). The host registers them like a collector's, so subscriptions can name them and an
    /// import stores them. Built-in types need not be listed.
    /// </summary>
    IReadOnlyList<EventSchema> Produces => [];

    /// <summary>
    /// True when this importer reads the file, judged from its name and first bytes (up to 4 KiB, fewer for a short
    /// file). Prefer a format's magic bytes over its extension: investigators rename evidence.
    /// </summary>
    bool Recognizes(string fileName, ReadOnlySpan<byte> head);

    /// <summary>
    /// The file's events, in the order they happened or were recorded, created with <c>new RecorderEvent(schema)</c>
    /// for the types <see cref="ImportContext.WantedEventTypes"/> holds (others may be skipped early). Damaged input
    /// is counted in <see cref="ImportContext.Statistics"/> with its location and skipped; throw
    /// <see cref="InvalidDataException"/> only when nothing further can be read.
    /// </summary>
    IEnumerable<RecorderEvent> Read(Stream input, ImportContext context);
}

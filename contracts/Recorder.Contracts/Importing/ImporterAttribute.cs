using System.Composition;

namespace Recorder.Contracts.Importing;

/// <summary>
/// Exports an <see cref="IEventImporter"/>: a reader of recorded history in some file format (a Linux audit log, a
/// Windows <c>.evtx</c> or <c>.etl</c>, a macOS BSM trail) that <c>recorder import &lt;file&gt;</c> feeds into the
/// subscriptions' stores.
/// </summary>
[MetadataAttribute]
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class ImporterAttribute : ExportAttribute
{
    /// <summary>Exports the importer of format <paramref name="name"/>.</summary>
    public ImporterAttribute(string name) : base(typeof(IEventImporter)) => Name = name;

    /// <summary>Short lower-case format name, unique among importers, such as <c>linux-audit</c> or <c>evtx</c>; <c>--as</c> takes it.</summary>
    public string Name { get; }
}

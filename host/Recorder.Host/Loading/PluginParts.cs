using Recorder.Contracts.Plugins;

namespace Recorder.Host.Loading;

/// <summary>A collector found in a plugin, with its export metadata.</summary>
public sealed record CollectorPart(string Name, TargetOs OperatingSystems, ICollector Collector);

/// <summary>An enricher found in a plugin, with its export metadata.</summary>
public sealed record EnricherPart(string Name, int Order, IEnricher Enricher);

/// <summary>A sink provider found in a plugin, with its export metadata.</summary>
public sealed record SinkPart(string Name, ISinkProvider Provider);

/// <summary>An importer of recorded history found in a plugin (<see cref="Recorder.Contracts.Importing.ImporterAttribute"/>).</summary>
public sealed record ImporterPart(string Name, Recorder.Contracts.Importing.IEventImporter Importer);

/// <summary>The MEF metadata of an export, read tolerantly from the metadata dictionary.</summary>
public sealed class PartMetadata
{
    /// <summary>Creates the view MEF fills from the export attribute's properties.</summary>
    public PartMetadata(IDictionary<string, object> metadata)
    {
        Name = metadata.TryGetValue("Name", out var name) ? name as string ?? "" : "";
        OperatingSystems = metadata.TryGetValue("OperatingSystems", out var os) && os is not null ? (TargetOs)Convert.ToInt32(os, System.Globalization.CultureInfo.InvariantCulture) : TargetOs.Any;
        Order = metadata.TryGetValue("Order", out var order) && order is not null ? Convert.ToInt32(order, System.Globalization.CultureInfo.InvariantCulture) : 1000;
    }

    /// <summary>Export name.</summary>
    public string Name { get; }
    /// <summary>Collector OSes.</summary>
    public TargetOs OperatingSystems { get; }
    /// <summary>Enricher order.</summary>
    public int Order { get; }
}

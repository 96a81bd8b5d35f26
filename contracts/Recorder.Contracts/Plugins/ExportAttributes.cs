using System.Composition;

namespace Recorder.Contracts.Plugins;

/// <summary>Operating systems a collector runs on.</summary>
[Flags]
public enum TargetOs
{
    /// <summary>None.</summary>
    None = 0,
    /// <summary>Linux.</summary>
    Linux = 1,
    /// <summary>Windows.</summary>
    Windows = 2,
    /// <summary>macOS.</summary>
    MacOS = 4,
    /// <summary>Any OS (for collectors that do not touch the OS).</summary>
    Any = Linux | Windows | MacOS,
}

/// <summary>Exports a collector to the host under a name, for the OSes it supports.</summary>
[MetadataAttribute]
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class CollectorAttribute : ExportAttribute
{
    /// <summary>Exports <paramref name="name"/>.</summary>
    public CollectorAttribute(string name) : base(typeof(ICollector)) => Name = name;
    /// <summary>Unique collector name, such as <c>linux-audit</c>.</summary>
    public string Name { get; }
    /// <summary>Where it runs.</summary>
    public TargetOs OperatingSystems { get; set; } = TargetOs.Any;
}

/// <summary>Exports an enricher to the host under a name and an order.</summary>
[MetadataAttribute]
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class EnricherAttribute : ExportAttribute
{
    /// <summary>Exports <paramref name="name"/>.</summary>
    public EnricherAttribute(string name) : base(typeof(IEnricher)) => Name = name;
    /// <summary>Unique enricher name.</summary>
    public string Name { get; }
    /// <summary>Lower runs first. Built-ins: process table 100, users 200, paths 300, hashes 400.</summary>
    public int Order { get; set; } = 1000;
}

/// <summary>Exports a sink provider under the name subscriptions use (<c>sink: sqlite</c>).</summary>
[MetadataAttribute]
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SinkAttribute : ExportAttribute
{
    /// <summary>Exports <paramref name="name"/>.</summary>
    public SinkAttribute(string name) : base(typeof(ISinkProvider)) => Name = name;
    /// <summary>Sink name used in subscriptions.</summary>
    public string Name { get; }
}

namespace Recorder.Contracts.Events;

/// <summary>The schema of <c>image.load</c>.</summary>
public sealed class ImageLoadSchema : EventSchema
{
    internal ImageLoadSchema() : base(EventTypes.ImageLoad, "A library (image) was loaded into a process.",
    [
        new("image.path", FieldType.String, "Path of the loaded image."),
        new("image.hash", FieldType.String, "Hash of the image (sha256:hex)."),
        new("image.base", FieldType.Int64, "Load address, when known."),
        new("image.size", FieldType.Int64, "Image size in bytes, when known."),
    ])
    {
        Path = Key<string?>("image.path");
        Hash = Key<string?>("image.hash");
        Base = Key<long?>("image.base");
        Size = Key<long?>("image.size");
    }

    /// <summary><c>image.path</c>.</summary>
    public FieldKey<string?> Path { get; }
    /// <summary><c>image.hash</c>.</summary>
    public FieldKey<string?> Hash { get; }
    /// <summary><c>image.base</c>.</summary>
    public FieldKey<long?> Base { get; }
    /// <summary><c>image.size</c>.</summary>
    public FieldKey<long?> Size { get; }
}

/// <summary>The schemas of <c>driver.load</c> and <c>driver.unload</c>: both start with <c>driver.name</c>.</summary>
public class DriverEventSchema : EventSchema
{
    internal DriverEventSchema(string name, string description, params EventField[] extra) : base(name, description,
    [
        new("driver.name", FieldType.String, "Module or driver name."),
        .. extra,
    ])
    {
        DriverName = Key<string?>("driver.name");
    }

    /// <summary><c>driver.name</c>.</summary>
    public FieldKey<string?> DriverName { get; }
}

/// <summary>The schema of <c>driver.load</c>.</summary>
public sealed class DriverLoadSchema : DriverEventSchema
{
    internal DriverLoadSchema() : base(EventTypes.DriverLoad, "A kernel module or driver was loaded (or a load was attempted).",
        new EventField("driver.path", FieldType.String, "Path of the module file, when known."),
        new EventField("driver.hash", FieldType.String, "Hash of the module file."),
        new EventField("driver.signature", FieldType.String, "Signature status, when the OS reports it."))
    {
        Path = Key<string?>("driver.path");
        Hash = Key<string?>("driver.hash");
        Signature = Key<string?>("driver.signature");
    }

    /// <summary><c>driver.path</c>.</summary>
    public FieldKey<string?> Path { get; }
    /// <summary><c>driver.hash</c>.</summary>
    public FieldKey<string?> Hash { get; }
    /// <summary><c>driver.signature</c>.</summary>
    public FieldKey<string?> Signature { get; }
}

namespace Recorder.Contracts.Events;

/// <summary>The value type of a schema field. Sinks map these to storage types; filters to comparisons.</summary>
public enum FieldType
{
    /// <summary>Text. Stored interned by sinks that intern (paths, command lines, names repeat a lot).</summary>
    String,
    /// <summary>A signed 64-bit integer (PIDs, uids, ports, exit codes, inodes).</summary>
    Int64,
    /// <summary>A boolean.</summary>
    Boolean,
    /// <summary>A double-precision number.</summary>
    Double,
    /// <summary>A UTC point in time (<see cref="DateTime"/> with <see cref="DateTimeKind.Utc"/>).</summary>
    Timestamp,
    /// <summary>A <see cref="System.Guid"/> (process GUIDs).</summary>
    Guid,
    /// <summary>An IP address in its canonical text form (IPv4 dotted, IPv6 compressed).</summary>
    IpAddress,
    /// <summary>
    /// A list of texts whose order and exact content matter (<c>process.args</c>): the value is an
    /// <see cref="IReadOnlyList{T}"/> of <see cref="string"/>. A filter term matches when any element matches.
    /// </summary>
    StringList,
}

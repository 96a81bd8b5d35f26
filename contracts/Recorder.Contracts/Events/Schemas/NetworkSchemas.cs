namespace Recorder.Contracts.Events;

/// <summary>The schema shared by <c>network.connect</c>, <c>accept</c>, <c>bind</c> and <c>listen</c>; each instance has its own handles.</summary>
public sealed class NetworkEventSchema : EventSchema
{
    internal NetworkEventSchema(string name, string description) : base(name, description,
    [
        new("network.transport", FieldType.String, "tcp, udp, unix or the protocol number."),
        new("network.family", FieldType.String, "inet, inet6 or unix."),
        new("network.local_address", FieldType.IpAddress, "Local address, when known."),
        new("network.local_port", FieldType.Int64, "Local port, when known."),
        new("network.remote_address", FieldType.IpAddress, "Remote (peer) address."),
        new("network.remote_port", FieldType.Int64, "Remote (peer) port."),
        new("network.unix_path", FieldType.String, "Socket path for unix sockets."),
    ])
    {
        Transport = Key<string?>("network.transport");
        Family = Key<string?>("network.family");
        LocalAddress = Key<string?>("network.local_address");
        LocalPort = Key<long?>("network.local_port");
        RemoteAddress = Key<string?>("network.remote_address");
        RemotePort = Key<long?>("network.remote_port");
        UnixPath = Key<string?>("network.unix_path");
    }

    /// <summary><c>network.transport</c>.</summary>
    public FieldKey<string?> Transport { get; }
    /// <summary><c>network.family</c>.</summary>
    public FieldKey<string?> Family { get; }
    /// <summary><c>network.local_address</c> (canonical text of the address).</summary>
    public FieldKey<string?> LocalAddress { get; }
    /// <summary><c>network.local_port</c>.</summary>
    public FieldKey<long?> LocalPort { get; }
    /// <summary><c>network.remote_address</c> (canonical text of the address).</summary>
    public FieldKey<string?> RemoteAddress { get; }
    /// <summary><c>network.remote_port</c>.</summary>
    public FieldKey<long?> RemotePort { get; }
    /// <summary><c>network.unix_path</c>.</summary>
    public FieldKey<string?> UnixPath { get; }
}

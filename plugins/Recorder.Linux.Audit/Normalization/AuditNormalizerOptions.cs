namespace Recorder.Linux.Audit.Normalization;

/// <summary>Settings of the normaliser.</summary>
public sealed record AuditNormalizerOptions
{
    /// <summary>
    /// Rule keys that never turn an open-for-read into <c>file.read</c> (the collector's own key, whose rules ask
    /// for writes only). Any other key on a read means a user rule selected it.
    /// </summary>
    public IReadOnlySet<string> NonReadRuleKeys { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// Live only: finds the protocol of a process's socket (pid, descriptor) for network events, whose SOCKADDR does
    /// not say tcp or udp (<see cref="SocketProtocolLookup.Find"/>). Null (the default, and for replays, whose
    /// processes are gone) leaves the transport empty unless the syscall implies it.
    /// </summary>
    public Func<long, long, SocketProtocol?>? SocketProtocolOf { get; init; }

    /// <summary>
    /// Live only: finds the local address and port of a process's socket (pid, descriptor), asked for accepts whose
    /// listening socket was bound before the history began (<see cref="SocketEndpointLookup.Find"/>). Null for replays.
    /// </summary>
    public Func<long, long, SocketEndpoint?>? SocketLocalEndpointOf { get; init; }
}

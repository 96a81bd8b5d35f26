using System.Runtime.InteropServices;
using static Recorder.Linux.Audit.Netlink.AuditConstants;

namespace Recorder.Linux.Audit.Netlink;

/// <summary>How a receive socket gets records from the kernel.</summary>
public enum AuditReceiveMode
{
    /// <summary>This process is the kernel's audit daemon (audit PID): every record, with backpressure.</summary>
    Unicast,
    /// <summary>A read-only listener on AUDIT_NLGRP_READLOG: best effort, beside whoever holds unicast.</summary>
    Multicast,
}

/// <summary>
/// A NETLINK_AUDIT socket that receives records: as the unicast audit daemon or as a multicast listener.
/// Only one thread may call <see cref="Receive"/>.
/// </summary>
public sealed class AuditReceiveSocket : IDisposable
{
    /// <summary>A buffer this large holds any audit datagram (header + MAX_AUDIT_MESSAGE_LENGTH, rounded up).</summary>
    public const int MaxDatagramSize = 16 * 1024;

    /// <summary>Socket buffer requested by default: room for bursts while the receive thread is descheduled.</summary>
    public const int DefaultSocketBufferSize = 8 * 1024 * 1024;

    private readonly NetlinkAuditSocket _socket;
    private bool _ownsDaemonPid;

    private AuditReceiveSocket(NetlinkAuditSocket socket, AuditReceiveMode mode, int socketBufferSize)
    {
        _socket = socket;
        Mode = mode;
        SocketBufferSize = socketBufferSize;
    }

    /// <summary>Unicast or multicast.</summary>
    public AuditReceiveMode Mode { get; }

    /// <summary>SO_RCVBUF as the kernel reports it after our request.</summary>
    public int SocketBufferSize { get; }

    /// <summary>
    /// Becomes the unicast audit daemon: opens a socket and sends AUDIT_SET pid from it (the kernel delivers to
    /// the port that registered). Throws <see cref="AuditNetlinkException"/> with EEXIST when another daemon
    /// (auditd) holds unicast.
    /// </summary>
    public static AuditReceiveSocket OpenUnicast(int socketBufferSize = DefaultSocketBufferSize)
    {
        var socket = NetlinkAuditSocket.Open();
        try
        {
            socket.SetReceiveTimeout(TimeSpan.FromSeconds(5)); // for the AUDIT_SET acknowledgement
            var actual = socket.SetReceiveBufferSize(socketBufferSize);
            var change = new AuditStatusChange { Pid = (uint)Environment.ProcessId }.ToNative();
            socket.Request(AUDIT_SET, MemoryMarshal.AsBytes(new ReadOnlySpan<audit_status>(ref change)));
            return new AuditReceiveSocket(socket, AuditReceiveMode.Unicast, actual) { _ownsDaemonPid = true };
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Takes over a unicast socket a predecessor in this process handed over (<see cref="DuplicateForHandover"/>):
    /// the kernel keeps delivering to the same socket, so records queued during the swap are all still there.
    /// </summary>
    public static AuditReceiveSocket AdoptUnicast(int fd, int socketBufferSize = DefaultSocketBufferSize)
    {
        var socket = NetlinkAuditSocket.Adopt(fd);
        try
        {
            var actual = socket.SetReceiveBufferSize(socketBufferSize);
            return new AuditReceiveSocket(socket, AuditReceiveMode.Unicast, actual) { _ownsDaemonPid = true };
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A second descriptor for this socket that a successor adopts with <see cref="AdoptUnicast"/>. Unicast only.
    /// </summary>
    public int DuplicateForHandover()
    {
        if (Mode != AuditReceiveMode.Unicast) throw new InvalidOperationException("Only a unicast socket is handed over.");
        return _socket.Duplicate();
    }

    /// <summary>Closes a duplicate made by <see cref="DuplicateForHandover"/> that no successor kept.</summary>
    public void CloseUnadoptedDuplicate(int fd)
    {
        if (_socket.IsDescriptorOfThisSocket(fd)) Tmds.Linux.LibC.close(fd);
    }

    /// <summary>
    /// The audit PID now belongs to a successor holding a duplicate of this socket: closing this descriptor must
    /// not give it back.
    /// </summary>
    public void ForgetDaemonPid() => _ownsDaemonPid = false;

    /// <summary>Joins the read-only log multicast group (kernel 3.16+, CAP_AUDIT_READ).</summary>
    public static AuditReceiveSocket OpenMulticast(int socketBufferSize = DefaultSocketBufferSize)
    {
        var socket = NetlinkAuditSocket.Open(1u << ((int)AUDIT_NLGRP_READLOG - 1));
        try
        {
            var actual = socket.SetReceiveBufferSize(socketBufferSize);
            return new AuditReceiveSocket(socket, AuditReceiveMode.Multicast, actual);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Makes a <see cref="Receive(AuditReceiveBatch)"/> blocked on another thread return: asks the kernel for its
    /// status, and the reply (or, without the right, an error) arrives on this socket as a control message, which
    /// readers skip. Lets the receive thread block without a short timeout while idle. False when the request
    /// could not be sent (the receive timeout still ends the wait).
    /// </summary>
    public bool WakeReceiver()
    {
        try
        {
            _socket.Send(AUDIT_GET, NetlinkConstants.NLM_F_REQUEST, default);
            return true;
        }
        catch (AuditNetlinkException)
        {
            return false;
        }
    }

    /// <summary>How long <see cref="Receive"/> blocks before reporting a timeout (lets the caller check for stop).</summary>
    public void SetReceiveTimeout(TimeSpan timeout) => _socket.SetReceiveTimeout(timeout);

    /// <summary>
    /// Reads one datagram (one or more netlink messages; walk them with <see cref="NetlinkMessageReader"/>).
    /// Returns <see cref="AuditReceiveResult.Overflow"/> on ENOBUFS: records were lost, the socket still works.
    /// </summary>
    public AuditReceiveResult Receive(Span<byte> buffer, out int length) => _socket.Receive(buffer, out length) switch
    {
        NetlinkReceiveStatus.Received => AuditReceiveResult.Received,
        NetlinkReceiveStatus.NoBuffers => AuditReceiveResult.Overflow,
        _ => AuditReceiveResult.TimedOut,
    };

    /// <summary>
    /// Reads a batch of datagrams with one system call into <paramref name="batch"/>; see
    /// <see cref="AuditReceiveBatch"/>. Returns <see cref="AuditReceiveResult.Overflow"/> on ENOBUFS.
    /// </summary>
    public unsafe AuditReceiveResult Receive(AuditReceiveBatch batch)
    {
        var status = _socket.ReceiveBatch(batch.Buffer, MaxDatagramSize, batch.Capacity, batch.Headers, batch.Vectors, batch.Lengths, out var count);
        batch.Count = count;
        return status switch
        {
            NetlinkReceiveStatus.Received => AuditReceiveResult.Received,
            NetlinkReceiveStatus.NoBuffers => AuditReceiveResult.Overflow,
            _ => AuditReceiveResult.TimedOut,
        };
    }

    /// <summary>
    /// Unicast only: gives the audit PID back (AUDIT_SET pid 0) so the kernel stops queueing for us. Closing
    /// the socket also releases it; this makes it explicit and immediate. Records still in flight are discarded.
    /// </summary>
    public void ReleaseDaemonPid()
    {
        if (!_ownsDaemonPid) return;
        _ownsDaemonPid = false;
        var change = new AuditStatusChange { Pid = 0 }.ToNative();
        _socket.Request(AUDIT_SET, MemoryMarshal.AsBytes(new ReadOnlySpan<audit_status>(ref change)));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try { ReleaseDaemonPid(); }
        catch (AuditNetlinkException) { /* closing the socket releases it too */ }
        _socket.Dispose();
    }
}

/// <summary>Outcome of <see cref="AuditReceiveSocket.Receive"/>.</summary>
public enum AuditReceiveResult
{
    /// <summary>A datagram was read.</summary>
    Received,
    /// <summary>Nothing arrived within the timeout.</summary>
    TimedOut,
    /// <summary>ENOBUFS: the socket buffer overflowed and the kernel dropped records. Count it and keep reading.</summary>
    Overflow,
}

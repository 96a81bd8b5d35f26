using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Tmds.Linux;
using static Recorder.Linux.Audit.Netlink.NetlinkConstants;

namespace Recorder.Linux.Audit.Netlink;

/// <summary>What one receive call produced.</summary>
internal enum NetlinkReceiveStatus
{
    /// <summary>A datagram was read.</summary>
    Received,
    /// <summary>The receive timeout passed with nothing to read.</summary>
    TimedOut,
    /// <summary>ENOBUFS: the socket buffer overflowed and the kernel dropped datagrams. Not fatal.</summary>
    NoBuffers,
}

/// <summary>
/// A NETLINK_AUDIT socket: sends requests, reads datagrams, waits for acknowledgements. Used by the control
/// socket (requests) and the receive socket (records); one thread at a time.
/// </summary>
internal sealed unsafe class NetlinkAuditSocket : IDisposable
{
    private readonly byte[] _requestBuffer = new byte[NLMSG_HDRLEN + 2048];
    private int _fd;
    private uint _lastSequence;

    private NetlinkAuditSocket(int fd, uint portId)
    {
        _fd = fd;
        PortId = portId;
    }

    /// <summary>Netlink port id the kernel gave this socket.</summary>
    public uint PortId { get; }

    /// <summary>Opens a socket and binds it, joining <paramref name="multicastGroups"/> (a bit mask) if not 0.</summary>
    public static NetlinkAuditSocket Open(uint multicastGroups = 0)
    {
        var fd = LibC.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, NETLINK_AUDIT);
        if (fd < 0) throw new AuditNetlinkException("socket(AF_NETLINK, NETLINK_AUDIT)", LibC.errno);
        try
        {
            var address = new sockaddr_nl { nl_family = (ushort)LibC.AF_NETLINK, nl_groups = multicastGroups };
            if (LibC.bind(fd, (sockaddr*)&address, sizeof(sockaddr_nl)) != 0)
                throw new AuditNetlinkException(multicastGroups == 0 ? "bind" : "bind to multicast group " + multicastGroups, LibC.errno);
            var bound = default(sockaddr_nl);
            socklen_t length = sizeof(sockaddr_nl);
            if (LibC.getsockname(fd, (sockaddr*)&bound, &length) != 0)
                throw new AuditNetlinkException("getsockname", LibC.errno);
            return new NetlinkAuditSocket(fd, bound.nl_pid);
        }
        catch
        {
            LibC.close(fd);
            throw;
        }
    }

    /// <summary>
    /// Sets the receive buffer: SO_RCVBUFFORCE (root may exceed rmem_max), else SO_RCVBUF. Returns the size the
    /// kernel reports afterwards.
    /// </summary>
    public int SetReceiveBufferSize(int bytes)
    {
        if (LibC.setsockopt(_fd, LibC.SOL_SOCKET, LibC.SO_RCVBUFFORCE, &bytes, sizeof(int)) != 0)
            LibC.setsockopt(_fd, LibC.SOL_SOCKET, LibC.SO_RCVBUF, &bytes, sizeof(int));
        int actual = 0;
        socklen_t length = sizeof(int);
        LibC.getsockopt(_fd, LibC.SOL_SOCKET, LibC.SO_RCVBUF, &actual, &length);
        return actual;
    }

    /// <summary>Sets how long <see cref="Receive"/> blocks before returning <see cref="NetlinkReceiveStatus.TimedOut"/>.</summary>
    public void SetReceiveTimeout(TimeSpan timeout)
    {
        var value = new timeval
        {
            tv_sec = (long)timeout.TotalSeconds,
            tv_usec = timeout.Milliseconds * 1000L + timeout.Microseconds,
        };
        if (LibC.setsockopt(_fd, LibC.SOL_SOCKET, LibC.SO_RCVTIMEO, &value, sizeof(timeval)) != 0)
            throw new AuditNetlinkException("setsockopt(SO_RCVTIMEO)", LibC.errno);
    }

    /// <summary>Sends one request to the kernel; returns its sequence number.</summary>
    public uint Send(ushort type, ushort flags, ReadOnlySpan<byte> payload)
    {
        var total = NLMSG_HDRLEN + payload.Length;
        var buffer = total <= _requestBuffer.Length ? _requestBuffer : new byte[total];
        var sequence = ++_lastSequence;
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, (uint)total);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(4), type);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(6), flags);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(8), sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(12), 0);
        payload.CopyTo(buffer.AsSpan(NLMSG_HDRLEN));

        var kernel = new sockaddr_nl { nl_family = (ushort)LibC.AF_NETLINK };
        fixed (byte* data = buffer)
        {
            while (true)
            {
                var sent = (long)LibC.sendto(_fd, data, total, 0, (sockaddr*)&kernel, sizeof(sockaddr_nl));
                if (sent >= 0) return sequence;
                var errno = LibC.errno;
                if (errno == LibC.EINTR) continue;
                throw new AuditNetlinkException("send " + MessageTypeName(type), errno);
            }
        }
    }

    /// <summary>Reads one datagram into <paramref name="buffer"/>.</summary>
    public NetlinkReceiveStatus Receive(Span<byte> buffer, out int length)
    {
        fixed (byte* data = buffer)
        {
            while (true)
            {
                var received = (long)LibC.recv(_fd, data, buffer.Length, 0);
                if (received >= 0) { length = (int)received; return NetlinkReceiveStatus.Received; }
                var errno = LibC.errno;
                if (errno == LibC.EINTR) continue;
                length = 0;
                if (errno == LibC.EAGAIN) return NetlinkReceiveStatus.TimedOut;
                if (errno == LibC.ENOBUFS) return NetlinkReceiveStatus.NoBuffers;
                throw new AuditNetlinkException("recv", errno);
            }
        }
    }

    /// <summary>
    /// Reads up to <paramref name="count"/> datagrams in one system call (recvmmsg with MSG_WAITFORONE: waits for
    /// the first, takes what else is queued) into consecutive <paramref name="slotSize"/>-byte slots of
    /// <paramref name="buffer"/>, which must stay pinned. Lengths go to <paramref name="lengths"/>; returns how
    /// many datagrams were read (0 with <see cref="NetlinkReceiveStatus.TimedOut"/> or NoBuffers).
    /// </summary>
    public NetlinkReceiveStatus ReceiveBatch(byte* buffer, int slotSize, int count, mmsghdr* headers, iovec* vectors, Span<int> lengths, out int received)
    {
        for (var i = 0; i < count; i++)
        {
            vectors[i].iov_base = buffer + (long)i * slotSize;
            vectors[i].iov_len = (nuint)slotSize;
            headers[i] = default;
            headers[i].msg_hdr.msg_iov = &vectors[i];
            headers[i].msg_hdr.msg_iovlen = 1;
        }
        while (true)
        {
            var n = NetlinkNative.recvmmsg(_fd, headers, (uint)count, NetlinkNative.MSG_WAITFORONE, null);
            if (n >= 0)
            {
                for (var i = 0; i < n; i++) lengths[i] = (int)headers[i].msg_len;
                received = n;
                return NetlinkReceiveStatus.Received;
            }
            var errno = Marshal.GetLastPInvokeError();
            if (errno == LibC.EINTR) continue;
            received = 0;
            if (errno == LibC.EAGAIN) return NetlinkReceiveStatus.TimedOut;
            if (errno == LibC.ENOBUFS) return NetlinkReceiveStatus.NoBuffers;
            throw new AuditNetlinkException("recvmmsg", errno);
        }
    }

    /// <summary>Sends a request that the kernel acknowledges, and waits for the acknowledgement.</summary>
    public void Request(ushort type, ReadOnlySpan<byte> payload)
    {
        var sequence = Send(type, NLM_F_REQUEST | NLM_F_ACK, payload);
        var buffer = new byte[NLMSG_HDRLEN + AuditConstants.MAX_AUDIT_MESSAGE_LENGTH];
        while (true)
        {
            ReceiveReply(buffer, type, out var length);
            var reader = new NetlinkMessageReader(buffer.AsSpan(0, length));
            while (reader.TryRead(out var message))
            {
                if (message.Type != NLMSG_ERROR || message.ErrorRequestSequence != sequence) continue;
                if (message.ErrorNumber != 0) throw new AuditNetlinkException(MessageTypeName(type), message.ErrorNumber);
                return;
            }
        }
    }

    /// <summary>Receives for a reply, turning a timeout into an exception that names the request.</summary>
    public void ReceiveReply(byte[] buffer, ushort requestType, out int length)
    {
        while (true)
        {
            var status = Receive(buffer, out length);
            if (status == NetlinkReceiveStatus.Received) return;
            if (status == NetlinkReceiveStatus.TimedOut)
                throw new AuditNetlinkException(MessageTypeName(requestType), 110 /* ETIMEDOUT */, "no reply from the kernel");
        }
    }

    /// <summary>The sequence number of the last request sent.</summary>
    public uint LastSequence => _lastSequence;

    /// <summary>
    /// Wraps a descriptor this process already has open on a bound NETLINK_AUDIT socket (a duplicate handed over
    /// by a predecessor); takes ownership of it. The port id is read back from the socket.
    /// </summary>
    public static NetlinkAuditSocket Adopt(int fd)
    {
        var bound = default(sockaddr_nl);
        socklen_t length = sizeof(sockaddr_nl);
        if (LibC.getsockname(fd, (sockaddr*)&bound, &length) != 0 || bound.nl_family != LibC.AF_NETLINK)
            throw new AuditNetlinkException($"getsockname on handed-over descriptor {fd}", LibC.errno);
        return new NetlinkAuditSocket(fd, bound.nl_pid);
    }

    /// <summary>A second descriptor (close-on-exec) for the same socket, for a successor to adopt.</summary>
    public int Duplicate()
    {
        var copy = LibC.fcntl(_fd, LibC.F_DUPFD_CLOEXEC, 0);
        if (copy < 0) throw new AuditNetlinkException("fcntl(F_DUPFD_CLOEXEC)", LibC.errno);
        return copy;
    }

    /// <summary>
    /// Whether <paramref name="fd"/> still refers to this socket (a netlink socket with its port id): a
    /// duplicate handed over may have been closed by the successor and its number reused.
    /// </summary>
    public bool IsDescriptorOfThisSocket(int fd)
    {
        var bound = default(sockaddr_nl);
        socklen_t length = sizeof(sockaddr_nl);
        return LibC.getsockname(fd, (sockaddr*)&bound, &length) == 0 && bound.nl_family == LibC.AF_NETLINK && bound.nl_pid == PortId;
    }

    internal static string MessageTypeName(ushort type) => type switch
    {
        AuditConstants.AUDIT_GET => "AUDIT_GET",
        AuditConstants.AUDIT_SET => "AUDIT_SET",
        AuditConstants.AUDIT_ADD_RULE => "AUDIT_ADD_RULE",
        AuditConstants.AUDIT_DEL_RULE => "AUDIT_DEL_RULE",
        AuditConstants.AUDIT_LIST_RULES => "AUDIT_LIST_RULES",
        _ => "audit message " + type,
    };

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0) LibC.close(fd);
    }
}

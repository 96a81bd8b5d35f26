using System.Buffers.Binary;

namespace Recorder.Linux.Audit.Netlink;

/// <summary>One netlink message inside a received datagram: its header fields and payload.</summary>
public readonly ref struct NetlinkMessage
{
    /// <summary>Creates a view over a message.</summary>
    public NetlinkMessage(ushort type, ushort flags, uint sequence, ReadOnlySpan<byte> payload)
    {
        Type = type;
        Flags = flags;
        Sequence = sequence;
        Payload = payload;
    }

    /// <summary>nlmsg_type: an audit record type (1300 SYSCALL, ...) or a netlink control type.</summary>
    public ushort Type { get; }
    /// <summary>nlmsg_flags.</summary>
    public ushort Flags { get; }
    /// <summary>nlmsg_seq: the request's sequence for replies, 0 for records.</summary>
    public uint Sequence { get; }
    /// <summary>The bytes after the header (for records: <c>audit(SECONDS.MILLIS:SERIAL): fields</c>).</summary>
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>For NLMSG_ERROR: the positive errno, or 0 for an acknowledgement.</summary>
    public int ErrorNumber => Payload.Length >= 4 ? -BinaryPrimitives.ReadInt32LittleEndian(Payload) : 0;

    /// <summary>For NLMSG_ERROR: the sequence number of the request it answers (from the echoed header).</summary>
    public uint ErrorRequestSequence => Payload.Length >= 4 + NetlinkConstants.NLMSG_HDRLEN
        ? BinaryPrimitives.ReadUInt32LittleEndian(Payload.Slice(4 + 8, 4))
        : 0;
}

/// <summary>Walks the netlink messages packed in one datagram (the kernel may batch several).</summary>
public ref struct NetlinkMessageReader
{
    private ReadOnlySpan<byte> _remaining;

    /// <summary>Reads <paramref name="datagram"/>.</summary>
    public NetlinkMessageReader(ReadOnlySpan<byte> datagram) => _remaining = datagram;

    /// <summary>
    /// Moves to the next message. Returns false at the end, or when the rest is malformed (a length that does
    /// not fit): the caller counts that as a malformed datagram via <see cref="Malformed"/>.
    /// </summary>
    public bool TryRead(out NetlinkMessage message)
    {
        message = default;
        if (_remaining.Length < NetlinkConstants.NLMSG_HDRLEN) { Malformed |= _remaining.Length != 0; return false; }
        var length = BinaryPrimitives.ReadUInt32LittleEndian(_remaining);
        if (length < NetlinkConstants.NLMSG_HDRLEN || length > (uint)_remaining.Length)
        {
            // The audit subsystem has been known to send a length that counts the header twice or not at all;
            // treat everything left as the payload rather than dropping the record.
            if (length >= NetlinkConstants.NLMSG_HDRLEN) length = (uint)_remaining.Length;
            else { Malformed = true; _remaining = default; return false; }
        }
        var type = BinaryPrimitives.ReadUInt16LittleEndian(_remaining.Slice(4));
        var flags = BinaryPrimitives.ReadUInt16LittleEndian(_remaining.Slice(6));
        var sequence = BinaryPrimitives.ReadUInt32LittleEndian(_remaining.Slice(8));
        message = new NetlinkMessage(type, flags, sequence, _remaining.Slice(NetlinkConstants.NLMSG_HDRLEN, (int)length - NetlinkConstants.NLMSG_HDRLEN));
        var next = Math.Min(NetlinkConstants.NLMSG_ALIGN((int)length), _remaining.Length);
        _remaining = _remaining.Slice(next);
        return true;
    }

    /// <summary>True when a message header did not fit the datagram.</summary>
    public bool Malformed { get; private set; }
}

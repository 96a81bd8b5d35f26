using System.Runtime.InteropServices;
using static Recorder.Linux.Audit.Netlink.AuditConstants;
using static Recorder.Linux.Audit.Netlink.NetlinkConstants;

namespace Recorder.Linux.Audit.Netlink;

/// <summary>
/// Request/acknowledge access to the kernel audit subsystem over NETLINK_AUDIT: status, settings and rules.
/// Needs CAP_AUDIT_CONTROL (root). Not thread-safe: one request at a time.
/// </summary>
/// <example>
/// <code>
/// using var control = AuditControlSocket.Open();
/// var status = control.GetStatus();
/// control.AddRule(AuditRuleEncoder.Encode(AuditRuleParser.Parse("-a always,exit -F arch=b64 -S execve -k x")));
/// </code>
/// </example>
public sealed class AuditControlSocket : IDisposable
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(5);
    private readonly NetlinkAuditSocket _socket;
    private readonly byte[] _replyBuffer = new byte[NLMSG_HDRLEN + MAX_AUDIT_MESSAGE_LENGTH];

    private AuditControlSocket(NetlinkAuditSocket socket) => _socket = socket;

    /// <summary>Opens a control socket. Throws <see cref="AuditNetlinkException"/> when audit netlink is unavailable.</summary>
    public static AuditControlSocket Open()
    {
        var socket = NetlinkAuditSocket.Open();
        try
        {
            socket.SetReceiveTimeout(ReplyTimeout);
            return new AuditControlSocket(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>AUDIT_GET: the kernel's current audit status.</summary>
    public AuditStatus GetStatus()
    {
        // No ACK flag: the reply itself answers; an error still comes back as NLMSG_ERROR.
        var sequence = _socket.Send(AUDIT_GET, NLM_F_REQUEST, ReadOnlySpan<byte>.Empty);
        while (true)
        {
            _socket.ReceiveReply(_replyBuffer, AUDIT_GET, out var length);
            var reader = new NetlinkMessageReader(_replyBuffer.AsSpan(0, length));
            while (reader.TryRead(out var message))
            {
                if (message.Type == AUDIT_GET && message.Sequence == sequence) return AuditStatus.Parse(message.Payload);
                if (message.Type == NLMSG_ERROR && message.ErrorRequestSequence == sequence && message.ErrorNumber != 0)
                    throw new AuditNetlinkException("AUDIT_GET", message.ErrorNumber);
            }
        }
    }

    /// <summary>AUDIT_SET: changes only what <paramref name="change"/> sets.</summary>
    public void SetStatus(AuditStatusChange change)
    {
        if (change.IsEmpty) return;
        var native = change.ToNative();
        _socket.Request(AUDIT_SET, MemoryMarshal.AsBytes(new ReadOnlySpan<audit_status>(ref native)));
    }

    /// <summary>AUDIT_ADD_RULE with a binary audit_rule_data. Throws with the kernel's errno (EEXIST for a duplicate).</summary>
    public void AddRule(ReadOnlySpan<byte> auditRuleData) => _socket.Request(AUDIT_ADD_RULE, auditRuleData);

    /// <summary>AUDIT_DEL_RULE with the same binary the rule was added with. ENOENT when no such rule.</summary>
    public void DeleteRule(ReadOnlySpan<byte> auditRuleData) => _socket.Request(AUDIT_DEL_RULE, auditRuleData);

    /// <summary>AUDIT_LIST_RULES: every loaded rule as its raw audit_rule_data, in kernel order.</summary>
    public IReadOnlyList<byte[]> ListRules()
    {
        var sequence = _socket.Send(AUDIT_LIST_RULES, NLM_F_REQUEST | NLM_F_ACK, ReadOnlySpan<byte>.Empty);
        var rules = new List<byte[]>();
        while (true)
        {
            _socket.ReceiveReply(_replyBuffer, AUDIT_LIST_RULES, out var length);
            var reader = new NetlinkMessageReader(_replyBuffer.AsSpan(0, length));
            while (reader.TryRead(out var message))
            {
                if (message.Sequence != sequence && message.ErrorRequestSequence != sequence) continue;
                switch (message.Type)
                {
                    case AUDIT_LIST_RULES:
                        rules.Add(message.Payload.ToArray());
                        break;
                    case NLMSG_DONE:
                        return rules;
                    case NLMSG_ERROR when message.ErrorNumber != 0:
                        throw new AuditNetlinkException("AUDIT_LIST_RULES", message.ErrorNumber);
                }
                // The ACK (error 0) may come before or after the list: the list ends with NLMSG_DONE.
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _socket.Dispose();
}

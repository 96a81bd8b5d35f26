using System.Runtime.InteropServices;

#pragma warning disable CS8981 // lower-case names on purpose: they are the kernel's struct names

namespace Recorder.Linux.Audit.Netlink;

// Declarations from <linux/netlink.h> and <linux/audit.h> that Tmds.LibC does not have, named as in the
// kernel headers (Tmds.LibC style) so they can be checked against the C sources line by line.

/// <summary>struct sockaddr_nl.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct sockaddr_nl
{
    public ushort nl_family;
    public ushort nl_pad;
    public uint nl_pid;
    public uint nl_groups;
}

/// <summary>struct nlmsghdr: the 16-byte header in front of every netlink message.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct nlmsghdr
{
    public uint nlmsg_len;
    public ushort nlmsg_type;
    public ushort nlmsg_flags;
    public uint nlmsg_seq;
    public uint nlmsg_pid;
}

/// <summary>struct audit_status (newest layout; older kernels send a prefix of it).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct audit_status
{
    public uint mask;
    public uint enabled;
    public uint failure;
    public uint pid;
    public uint rate_limit;
    public uint backlog_limit;
    public uint lost;
    public uint backlog;
    public uint feature_bitmap; // union with "version" on old kernels
    public uint backlog_wait_time;
    public uint backlog_wait_time_actual;
}

internal static class NetlinkConstants
{
    public const int NETLINK_AUDIT = 9;

    public const int NLMSG_HDRLEN = 16;
    public const int NLMSG_ALIGNTO = 4;

    public const ushort NLMSG_NOOP = 1;
    public const ushort NLMSG_ERROR = 2;
    public const ushort NLMSG_DONE = 3;
    public const ushort NLMSG_OVERRUN = 4;

    public const ushort NLM_F_REQUEST = 0x1;
    public const ushort NLM_F_MULTI = 0x2;
    public const ushort NLM_F_ACK = 0x4;

    public static int NLMSG_ALIGN(int len) => (len + NLMSG_ALIGNTO - 1) & ~(NLMSG_ALIGNTO - 1);
}

internal static class AuditConstants
{
    // Message types of the control protocol.
    public const ushort AUDIT_GET = 1000;
    public const ushort AUDIT_SET = 1001;
    public const ushort AUDIT_ADD_RULE = 1011;
    public const ushort AUDIT_DEL_RULE = 1012;
    public const ushort AUDIT_LIST_RULES = 1013;

    /// <summary>Multicast group of read-only log listeners (kernel 3.16+, CAP_AUDIT_READ).</summary>
    public const uint AUDIT_NLGRP_READLOG = 1;

    /// <summary>MAX_AUDIT_MESSAGE_LENGTH: the largest record payload the kernel sends.</summary>
    public const int MAX_AUDIT_MESSAGE_LENGTH = 8970;

    // audit_status.mask bits.
    public const uint AUDIT_STATUS_ENABLED = 0x0001;
    public const uint AUDIT_STATUS_FAILURE = 0x0002;
    public const uint AUDIT_STATUS_PID = 0x0004;
    public const uint AUDIT_STATUS_RATE_LIMIT = 0x0008;
    public const uint AUDIT_STATUS_BACKLOG_LIMIT = 0x0010;
    public const uint AUDIT_STATUS_BACKLOG_WAIT_TIME = 0x0020;

    // audit_status.feature_bitmap bits.
    public const uint AUDIT_FEATURE_BITMAP_BACKLOG_LIMIT = 0x0001;
    public const uint AUDIT_FEATURE_BITMAP_BACKLOG_WAIT_TIME = 0x0002;
}

/// <summary>struct timeval (64-bit Linux), for SO_RCVTIMEO.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct timeval
{
    public long tv_sec;
    public long tv_usec;
}

/// <summary>struct iovec.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct iovec
{
    public void* iov_base;
    public nuint iov_len;
}

/// <summary>struct msghdr (64-bit layout).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct msghdr
{
    public void* msg_name;
    public uint msg_namelen;
    public iovec* msg_iov;
    public nuint msg_iovlen;
    public void* msg_control;
    public nuint msg_controllen;
    public int msg_flags;
}

/// <summary>struct mmsghdr, for recvmmsg.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct mmsghdr
{
    public msghdr msg_hdr;
    public uint msg_len;
}

/// <summary>Calls Tmds.LibC does not declare.</summary>
internal static unsafe partial class NetlinkNative
{
    public const int MSG_WAITFORONE = 0x10000;

    /// <summary>Receives up to <paramref name="vlen"/> datagrams in one call (Linux 2.6.33+).</summary>
    [LibraryImport("libc", SetLastError = true)]
    public static partial int recvmmsg(int sockfd, mmsghdr* msgvec, uint vlen, int flags, void* timeout);
}

using System.Runtime.InteropServices;

namespace Recorder.Linux.Audit.Netlink;

/// <summary>A netlink audit request failed: the kernel (or the socket call) answered with an errno.</summary>
public sealed class AuditNetlinkException : Exception
{
    /// <summary>Creates the exception for <paramref name="operation"/> failing with <paramref name="errno"/>.</summary>
    public AuditNetlinkException(string operation, int errno, string? detail = null)
        : base($"{operation} failed: {ErrnoName(errno)} ({Marshal.GetPInvokeErrorMessage(errno)}){(detail is null ? "" : ": " + detail)}")
    {
        Operation = operation;
        Errno = errno;
    }

    /// <summary>What was attempted, such as <c>AUDIT_ADD_RULE</c> or <c>socket</c>.</summary>
    public string Operation { get; }

    /// <summary>The positive errno value (EPERM = 1, EEXIST = 17, EINVAL = 22, ...).</summary>
    public int Errno { get; }

    /// <summary>Symbolic names of the errno values the audit protocol actually returns.</summary>
    public static string ErrnoName(int errno) => errno switch
    {
        1 => "EPERM",
        2 => "ENOENT",
        3 => "ESRCH",
        4 => "EINTR",
        11 => "EAGAIN",
        12 => "ENOMEM",
        13 => "EACCES",
        14 => "EFAULT",
        16 => "EBUSY",
        17 => "EEXIST",
        22 => "EINVAL",
        90 => "EMSGSIZE",
        93 => "EPROTONOSUPPORT",
        95 => "EOPNOTSUPP",
        105 => "ENOBUFS",
        110 => "ETIMEDOUT",
        111 => "ECONNREFUSED",
        _ => "errno " + errno,
    };
}

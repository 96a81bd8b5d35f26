using System.Globalization;
using System.Runtime.InteropServices;

namespace Recorder.Linux.Audit.Normalization;

/// <summary>A socket's transport (tcp, udp, ...) and address family (inet, inet6, unix), as the kernel names them.</summary>
public readonly record struct SocketProtocol(string Transport, string Family);

/// <summary>
/// Finds the transport of a live process's socket, which a SOCKADDR record does not say: the kernel names a socket's
/// protocol in the <c>system.sockprotoname</c> attribute of <c>/proc/&lt;pid&gt;/fd/&lt;fd&gt;</c> (<c>TCP</c>,
/// <c>UDPv6</c>, <c>UNIX-STREAM</c>, ...). One getxattr call, no table is read.
/// </summary>
/// <remarks>
/// It is a look at the process as it is now, some milliseconds after the syscall: when the process has exited or
/// closed the descriptor, there is no answer (the transport stays empty, nothing is guessed). If in that time the
/// process closed the socket and opened another on the same descriptor number, the answer is the new socket's; the
/// normaliser drops an answer whose family contradicts the SOCKADDR record, which catches some of those cases but
/// not a new socket of the same family. Only for live records: in a replay the processes are long gone.
/// </remarks>
public static partial class SocketProtocolLookup
{
    private const int MaxName = 32;

    /// <summary>The protocol of descriptor <paramref name="fd"/> of process <paramref name="pid"/>, or null.</summary>
    public static SocketProtocol? Find(long pid, long fd)
    {
        if (pid <= 0 || fd < 0 || fd > int.MaxValue) return null;
        var path = string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/fd/{fd}");
        Span<byte> name = stackalloc byte[MaxName];
        nint length;
        unsafe
        {
            fixed (byte* value = name) length = getxattr(path, "system.sockprotoname", value, MaxName);
        }
        if (length <= 0) return null; // gone, not a socket, or no permission
        var text = name[..(int)length];
        var nul = text.IndexOf((byte)0);
        if (nul >= 0) text = text[..nul];
        return FromKernelName(System.Text.Encoding.ASCII.GetString(text));
    }

    /// <summary>
    /// Maps the kernel's protocol name (struct proto's name) to the recorder's terms; null for sockets that are not
    /// network sockets (netlink, packet, ...).
    /// </summary>
    public static SocketProtocol? FromKernelName(string name)
    {
        if (name.StartsWith("UNIX", StringComparison.Ordinal)) return new SocketProtocol("unix", "unix");
        var v6 = name.EndsWith("v6", StringComparison.Ordinal);
        var family = v6 ? "inet6" : "inet";
        string? transport = (v6 ? name[..^2] : name) switch
        {
            "TCP" => "tcp",
            "UDP" => "udp",
            "UDP-Lite" or "UDPLITE" => "udplite",
            "RAW" => "raw",
            "PING" => "icmp",
            "SCTP" => "sctp",
            "MPTCP" => "mptcp",
            _ => null,
        };
        return transport is null ? null : new SocketProtocol(transport, family);
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial nint getxattr(string path, string name, byte* value, nuint size);
}

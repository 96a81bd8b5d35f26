using System.Net;
using System.Net.Sockets;
using System.Text;
using Recorder.Contracts.Events;
using Recorder.Linux.Audit.Normalization;
using Recorder.Linux.Audit.Replay;

namespace Recorder.Plugins.Collectors.LinuxAudit.Tests;

/// <summary>
/// How a network event gets its transport: from the live socket the syscall used (real sockets of this process),
/// nothing when the socket is gone or the answer contradicts the record, and nothing looked up in a replay.
/// </summary>
public sealed class SocketTransportTests
{
    private static readonly AuditNormalizerOptions Live = new() { SocketProtocolOf = SocketProtocolLookup.Find };

    [Fact]
    public void The_kernel_names_the_protocol_of_a_real_socket()
    {
        using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var udp6 = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
        using var unix = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        var pid = Environment.ProcessId;

        Assert.Equal(new SocketProtocol("tcp", "inet"), SocketProtocolLookup.Find(pid, tcp.Handle));
        Assert.Equal(new SocketProtocol("udp", "inet6"), SocketProtocolLookup.Find(pid, udp6.Handle));
        Assert.Equal(new SocketProtocol("unix", "unix"), SocketProtocolLookup.Find(pid, unix.Handle));
        Assert.Null(SocketProtocolLookup.Find(pid, 0)); // stdin: not a socket
        Assert.Null(SocketProtocolLookup.Find(int.MaxValue, 3)); // no such process
    }

    [Fact]
    public void A_udp_connect_is_udp_while_the_socket_lives_and_empty_once_it_is_closed()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(IPAddress.Loopback, 9);
        var records = ConnectRecords(socket.Handle, "02000009" + "7F000001" + "0000000000000000");

        var connect = Replay(records, Live);
        Assert.Equal("udp", connect["network.transport"]);
        Assert.Equal("inet", connect["network.family"]);
        Assert.Equal("127.0.0.1", connect["network.remote_address"]?.ToString());

        socket.Dispose();
        Assert.Null(Replay(records, Live)["network.transport"]); // gone: no guess
    }

    [Fact]
    public void An_answer_that_contradicts_the_address_family_is_dropped()
    {
        // The record says inet6 (::1 port 9) but the descriptor holds an inet UDP socket: the descriptor was reused.
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var connect = Replay(ConnectRecords(socket.Handle, "0A000009" + "00000000" + "00000000000000000000000000000001" + "00000000"), Live);
        Assert.Null(connect["network.transport"]);
        Assert.Equal("inet6", connect["network.family"]);
    }

    [Fact]
    public void A_replay_asks_no_live_socket()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var connect = Replay(ConnectRecords(socket.Handle, "02000009" + "7F000001" + "0000000000000000"), new AuditNormalizerOptions());
        Assert.Null(connect["network.transport"]);
    }

    /// <summary>A connect(2) by this process on descriptor <paramref name="fd"/> as the kernel reports it (x86_64).</summary>
    private static string ConnectRecords(nint fd, string saddr)
    {
        const string stamp = "audit(1764000000.000:4242)";
        return $"type=SYSCALL msg={stamp}: arch=c000003e syscall=42 success=yes exit=0 a0={fd:x} a1=7ffd0000 a2=10 a3=0 items=0 " +
               $"ppid=1 pid={Environment.ProcessId} auid=4294967295 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=4294967295 comm=\"test\" exe=\"/usr/bin/test\" key=(null)\n" +
               $"type=SOCKADDR msg={stamp}: saddr={saddr}\n" +
               $"type=EOE msg={stamp}: \n";
    }

    private static RecorderEvent Replay(string records, AuditNormalizerOptions options)
    {
        using var stream = new MemoryStream(Encoding.ASCII.GetBytes(records));
        return Assert.Single(new AuditLogReplayer(normalizerOptions: options).Replay(stream, new ReplayStats()), e => e.Type == EventTypes.NetworkConnect);
    }
}

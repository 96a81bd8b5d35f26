using System.Text;
using Recorder.Contracts.Events;
using Recorder.Linux.Audit.Normalization;
using Recorder.Linux.Audit.Replay;

namespace Recorder.Linux.Audit.Tests.Normalization;

/// <summary>
/// An accept says where the connection arrived: the local address and port of the listening socket (a0), known from
/// the bind the same process made earlier in the history (so replays have it) or from the live socket's entry in
/// /proc/&lt;pid&gt;/net/tcp*.
/// </summary>
public class AcceptedConnectionTests
{
    // bind(3, 127.0.0.1:8080) then accept(3) from 127.0.0.1:51000, by pid 777; then the same for [::1]:8443 on fd 5.
    private const string Log =
        "type=SYSCALL msg=audit(1795560933.100:10): arch=c000003e syscall=49 success=yes exit=0 a0=3 a1=7ffd a2=10 a3=0 items=0 ppid=1 pid=777 auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=3 comm=\"srv\" exe=\"/usr/bin/srv\" key=(null)\n" +
        "type=SOCKADDR msg=audit(1795560933.100:10): saddr=02001F907F0000010000000000000000\n" +
        "type=EOE msg=audit(1795560933.100:10): \n" +
        "type=SYSCALL msg=audit(1795560933.200:11): arch=c000003e syscall=43 success=yes exit=4 a0=3 a1=7ffd a2=7ffc a3=0 items=0 ppid=1 pid=777 auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=3 comm=\"srv\" exe=\"/usr/bin/srv\" key=(null)\n" +
        "type=SOCKADDR msg=audit(1795560933.200:11): saddr=0200C7387F0000010000000000000000\n" +
        "type=EOE msg=audit(1795560933.200:11): \n" +
        "type=SYSCALL msg=audit(1795560933.300:12): arch=c000003e syscall=49 success=yes exit=0 a0=5 a1=7ffd a2=1c a3=0 items=0 ppid=1 pid=777 auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=3 comm=\"srv\" exe=\"/usr/bin/srv\" key=(null)\n" +
        "type=SOCKADDR msg=audit(1795560933.300:12): saddr=0A0020FB000000000000000000000000000000000000000100000000\n" +
        "type=EOE msg=audit(1795560933.300:12): \n" +
        "type=SYSCALL msg=audit(1795560933.400:13): arch=c000003e syscall=288 success=yes exit=6 a0=5 a1=7ffd a2=7ffc a3=0 items=0 ppid=1 pid=777 auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=3 comm=\"srv\" exe=\"/usr/bin/srv\" key=(null)\n" +
        "type=SOCKADDR msg=audit(1795560933.400:13): saddr=0A00C739000000000000000000000000000000000000000100000000\n" +
        "type=EOE msg=audit(1795560933.400:13): \n";

    [Fact]
    public void A_replayed_accept_carries_the_address_and_port_its_listening_socket_was_bound_to()
    {
        var accepts = new AuditLogReplayer().Replay(new MemoryStream(Encoding.UTF8.GetBytes(Log)), new ReplayStats())
            .Where(e => e.Type == EventTypes.NetworkAccept).ToList();

        Assert.Equal(2, accepts.Count);
        Assert.Equal("127.0.0.1", accepts[0]["network.local_address"]);
        Assert.Equal(8080L, accepts[0]["network.local_port"]);
        Assert.Equal(51000L, accepts[0]["network.remote_port"]);
        Assert.Equal("::1", accepts[1]["network.local_address"]);
        Assert.Equal(8443L, accepts[1]["network.local_port"]);
        Assert.Equal("tcp", accepts[1]["network.transport"]);
    }

    [Theory]
    [InlineData("0200C7387F0000010000000000000000", -115, "tcp")] // IPv4, non-blocking connect in progress
    [InlineData("0A0020FB000000000000000000000000000000000000000100000000", -115, "tcp")] // IPv6, likewise
    [InlineData("0A0020FB000000000000000000000000000000000000000100000000", -111, "tcp")] // refused: only streams are
    [InlineData("0200C7387F0000010000000000000000", 0, null)] // a blocking connect that succeeded: tcp or udp, not said
    public void A_connect_result_only_stream_sockets_give_says_tcp_for_ipv4_and_ipv6(string saddr, int exit, string? transport)
    {
        var success = exit == 0 ? "yes" : "no";
        var connect = Assert.Single(new AuditLogReplayer().Replay(new MemoryStream(Encoding.UTF8.GetBytes(
            $"type=SYSCALL msg=audit(1795560933.500:30): arch=c000003e syscall=42 success={success} exit={exit} a0=3 a1=7ffd a2=1c a3=0 items=0 ppid=1 pid=778 auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=3 comm=\"curl\" exe=\"/usr/bin/curl\" key=(null)\n" +
            $"type=SOCKADDR msg=audit(1795560933.500:30): saddr={saddr}\n" +
            "type=EOE msg=audit(1795560933.500:30): \n")), new ReplayStats()), e => e.Type == EventTypes.NetworkConnect);
        Assert.Equal(transport, connect["network.transport"]);
    }

    [Theory]
    [InlineData("   3: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0000000000000000 100 0 0 10 0", "127.0.0.1", 8080)]
    [InlineData("   0: 00000000000000000000000001000000:20FB 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0", "::1", 8443)]
    [InlineData("   1: 0000000000000000FFFF00000100007F:A0D4 0000000000000000FFFF00000100007F:8D31 06 00000000:00000000 03:000015B2 00000000     0        0 4242 3 0", "127.0.0.1", 41172)]
    public void A_line_of_proc_net_tcp_gives_the_local_endpoint_of_its_inode(string line, string address, int port)
    {
        Assert.Equal(new SocketEndpoint(System.Net.IPAddress.Parse(address), port), SocketEndpointLookup.ParseLine(line, "4242"));
        Assert.Null(SocketEndpointLookup.ParseLine(line, "4243"));
    }
}

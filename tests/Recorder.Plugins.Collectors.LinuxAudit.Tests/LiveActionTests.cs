using System.Net;
using Recorder.Contracts.Events;
using Recorder.Linux.Audit.Normalization;
using Recorder.Plugins.Collectors.LinuxAudit.Tests.Support;
using Recorder.Tests.Shared;

namespace Recorder.Plugins.Collectors.LinuxAudit.Tests;

/// <summary>Real actions in child processes, found as the exact typed events with the right fields.</summary>
[Collection(KernelAudit.Collection)]
public sealed class LiveActionTests : IClassFixture<LiveCollectorFixture>
{
    private readonly LiveCollectorFixture _fixture;

    public LiveActionTests(LiveCollectorFixture fixture) => _fixture = fixture;

    private CollectingEventWriter Events => _fixture.Writer;

    [KernelAuditFact]
    public void A_command_with_spaces_quotes_a_newline_and_non_ascii_arguments_is_recorded_exactly()
    {
        string[] arguments = ["with space", "quote\"d 'single'", "new\nline", "ünïcødé ✓", "marker-" + Guid.NewGuid().ToString("N")];
        var (pid, exitCode, _) = ChildProcess.Run("/bin/echo", arguments);

        var start = Events.WaitFor(EventTypes.ProcessStart, e => e.Process.Pid == pid, "echo");
        Assert.Equal(["/bin/echo", .. arguments], CommandLine.Split(start.Process.CommandLine!));
        Assert.Equal("/usr/bin/echo", start.Process.Executable);
        Assert.Equal(6L, start["process.argc"]);
        Assert.Equal(0L, start.Process.Uid);
        Assert.Equal(EventOutcome.Success, start.Outcome);
        Assert.Equal(Environment.ProcessId, start.Process.ParentPid);

        var exit = Events.WaitFor(EventTypes.ProcessExit, e => e.Process.Pid == pid, "echo's exit");
        Assert.Equal((long)exitCode, exit["process.exit_code"]);
    }

    [KernelAuditFact]
    public void Process_args_is_the_exact_argv_even_for_bytes_that_are_not_utf8()
    {
        // The shell makes the last argument from raw bytes (0xff 0xfe 'x' 0xc3: invalid UTF-8), then execs echo with
        // every argument, so echo's EXECVE carries them all. The long one, 12 kB of two-byte characters, is logged in
        // pieces that split characters.
        string[] arguments = ["with space", "q\"uote 'single'", "new\nline", "ünïcødé ✓", new string('é', 6_000), "marker-" + Guid.NewGuid().ToString("N")];
        var (pid, _, _) = ChildProcess.Run("/bin/sh", ["-c", "exec /bin/echo \"$@\" \"$(printf '\\377\\376x\\303')\"", "sh", .. arguments]);

        var start = Events.WaitFor(EventTypes.ProcessStart, e => e.Process.Pid == pid && e.Process.Executable == "/usr/bin/echo", "echo");
        var args = start.Process.Arguments!;
        Assert.Equal(["/bin/echo", .. arguments], args.Take(args.Count - 1));
        Assert.Equal(new byte[] { 0xff, 0xfe, (byte)'x', 0xc3 }, LosslessUtf8.Encode(args[^1]));
        Assert.Equal(8L, start["process.argc"]);
        // The display command line still splits back into the same argv.
        Assert.Equal(args, CommandLine.Split(start.Process.CommandLine!));
    }

    [KernelAuditFact]
    public void An_argument_over_10_kB_is_rejoined_from_its_pieces()
    {
        var longArgument = "L" + new string('x', 12_000) + Guid.NewGuid().ToString("N");
        var (pid, _, _) = ChildProcess.Run("/bin/true", "short", longArgument, "after");

        var start = Events.WaitFor(EventTypes.ProcessStart, e => e.Process.Pid == pid, "true with a long argument");
        Assert.Equal(["/bin/true", "short", longArgument, "after"], CommandLine.Split(start.Process.CommandLine!));
    }

    [KernelAuditFact]
    public void Create_write_rename_and_delete_in_a_temporary_folder()
    {
        var folder = Directory.CreateTempSubdirectory("recorder-files-").FullName;
        try
        {
            var (pid, exitCode, output) = ChildProcess.Shell($"cd '{folder}' && echo one > a.txt && echo two >> a.txt && mv a.txt b.txt && rm b.txt");
            Assert.True(exitCode == 0, output);
            string a = Path.Combine(folder, "a.txt"), b = Path.Combine(folder, "b.txt");

            var create = Events.WaitFor(EventTypes.FileCreate, e => Equals(e["file.path"], a), "echo > a.txt");
            Assert.Equal(pid, create.Process.Pid);
            Assert.Equal(folder, create.Process.WorkingDirectory);
            Events.WaitFor(EventTypes.FileWrite, e => Equals(e["file.path"], a) && e.Process.Pid == pid, "echo >> a.txt");
            var rename = Events.WaitFor(EventTypes.FileRename, e => Equals(e["file.path"], b), "mv a.txt b.txt");
            Assert.Equal(a, rename["file.old_path"]);
            Assert.Equal("/usr/bin/mv", rename.Process.Executable);
            var delete = Events.WaitFor(EventTypes.FileDelete, e => Equals(e["file.path"], b), "rm b.txt");
            Assert.Equal("/usr/bin/rm", delete.Process.Executable);
            Assert.Equal(EventOutcome.Success, delete.Outcome);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [KernelAuditFact]
    public void Tcp_over_ipv4_and_ipv6_loopback_gives_bind_listen_connect_and_accept()
    {
        // Perl (part of every Debian base system, with its Socket module) so that CI needs nothing extra. A fixed
        // port (not 0) so that the bind event names it.
        const string script = """
            use strict; use Socket qw(:all);
            my $port = $ARGV[0];
            for my $v ([AF_INET, '127.0.0.1'], [AF_INET6, '::1']) {
              my ($family, $address) = @$v;
              my $packed = inet_pton($family, $address);
              my $sockaddr = $family == AF_INET ? pack_sockaddr_in($port, $packed) : pack_sockaddr_in6($port, $packed);
              socket(my $server, $family, SOCK_STREAM, 0) or die "socket: $!";
              bind($server, $sockaddr) or die "bind: $!";
              listen($server, 1) or die "listen: $!";
              socket(my $client, $family, SOCK_STREAM, 0) or die "socket: $!";
              connect($client, $sockaddr) or die "connect: $!";
              accept(my $accepted, $server) or die "accept: $!";
              my ($clientPort) = $family == AF_INET ? unpack_sockaddr_in(getsockname($client)) : unpack_sockaddr_in6(getsockname($client));
              print "$address $port $clientPort\n";
              close($accepted); close($client); close($server);
            }
            """;
        var port = Random.Shared.Next(20_000, 30_000).ToString();
        var (pid, exitCode, output) = ChildProcess.Run("/usr/bin/perl", "-e", script, port);
        Assert.True(exitCode == 0, output);
        var lines = output.Trim().Split('\n');
        Assert.Equal(2, lines.Length);

        foreach (var line in lines)
        {
            var parts = line.Split(' ');
            var address = IPAddress.Parse(parts[0]);
            long serverPort = long.Parse(parts[1]), clientPort = long.Parse(parts[2]);
            var family = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? "inet" : "inet6";

            var bind = Events.WaitFor(EventTypes.NetworkBind, e => Equals(e["network.local_port"], serverPort) && Equals(e["network.family"], family), $"bind on {address}");
            Assert.Equal(address, AsAddress(bind["network.local_address"]));
            Assert.Equal(family, bind["network.family"]);
            Assert.Equal(pid, bind.Process.Pid);

            Events.WaitFor(EventTypes.NetworkListen, e => e.Process.Pid == pid, $"listen on {address}");

            var connect = Events.WaitFor(EventTypes.NetworkConnect, e => Equals(e["network.remote_port"], serverPort) && Equals(e["network.family"], family), $"connect to {address}");
            Assert.Equal(address, AsAddress(connect["network.remote_address"]));
            Assert.Equal(EventOutcome.Success, connect.Outcome);

            var accept = Events.WaitFor(EventTypes.NetworkAccept, e => Equals(e["network.remote_port"], clientPort) && Equals(e["network.family"], family), $"accept on {address}");
            Assert.Equal(address, AsAddress(accept["network.remote_address"]));
            Assert.Equal(pid, accept.Process.Pid);
            // The local end: the listening socket's address and port, not only the peer.
            Assert.Equal(address, AsAddress(accept["network.local_address"]));
            Assert.Equal(serverPort, accept["network.local_port"]);
            Assert.Equal("tcp", accept["network.transport"]);
        }
    }

    [KernelAuditFact]
    public void Tcp_and_udp_sockets_are_told_apart_while_the_process_holds_them()
    {
        // SOCKADDR has no protocol; the collector asks the live socket. The program keeps its sockets open until
        // its stdin closes, so the answer is there to be had (a socket closed before the collector looks stays
        // without transport: tested in the normaliser, not here).
        const string script = """
            use strict; use Socket qw(:all);
            my $port = $ARGV[0];
            my $v4 = pack_sockaddr_in($port, inet_aton('127.0.0.1'));
            my $v6 = pack_sockaddr_in6($port + 1, inet_pton(AF_INET6, '::1'));
            socket(my $server, AF_INET, SOCK_STREAM, 0) or die "socket: $!";
            setsockopt($server, SOL_SOCKET, SO_REUSEADDR, 1);
            bind($server, $v4) or die "bind: $!";
            listen($server, 1) or die "listen: $!";
            socket(my $tcp, AF_INET, SOCK_STREAM, 0) or die "socket: $!";
            connect($tcp, $v4) or die "tcp connect: $!";
            socket(my $udp, AF_INET, SOCK_DGRAM, 0) or die "socket: $!";
            connect($udp, $v4) or die "udp connect: $!";
            socket(my $udp6, AF_INET6, SOCK_DGRAM, 0) or die "socket: $!";
            bind($udp6, $v6) or die "udp6 bind: $!";
            connect($udp6, $v6) or die "udp6 connect: $!";
            $| = 1; print "ready\n";
            <STDIN>;
            """;
        var port = Random.Shared.Next(30_000, 40_000);
        using var holder = HeldProcess.Start("/usr/bin/perl", "-e", script, port.ToString());
        holder.WaitForLine("ready");
        var pid = holder.Pid;
        long v4Port = port, v6Port = port + 1;

        var listen = Events.WaitFor(EventTypes.NetworkListen, e => e.Process.Pid == pid, "listen");
        Assert.Equal("tcp", listen["network.transport"]);
        Assert.Equal("inet", listen["network.family"]); // known from the socket: listen carries no address

        var tcp = Events.WaitFor(EventTypes.NetworkConnect, e => e.Process.Pid == pid && Equals(e["network.remote_port"], v4Port) && e["network.transport"] is not "udp", "tcp connect");
        Assert.Equal("tcp", tcp["network.transport"]);
        Assert.Equal("inet", tcp["network.family"]);
        Assert.Equal(IPAddress.Loopback, AsAddress(tcp["network.remote_address"]));

        var udp = Events.WaitFor(EventTypes.NetworkConnect, e => e.Process.Pid == pid && Equals(e["network.remote_port"], v4Port) && e["network.transport"] is not "tcp", "udp connect");
        Assert.Equal("udp", udp["network.transport"]);
        Assert.Equal("inet", udp["network.family"]);

        var udp6Bind = Events.WaitFor(EventTypes.NetworkBind, e => e.Process.Pid == pid && Equals(e["network.local_port"], v6Port), "udp6 bind");
        Assert.Equal("udp", udp6Bind["network.transport"]);
        Assert.Equal("inet6", udp6Bind["network.family"]);
        var udp6 = Events.WaitFor(EventTypes.NetworkConnect, e => e.Process.Pid == pid && Equals(e["network.remote_port"], v6Port), "udp6 connect");
        Assert.Equal("udp", udp6["network.transport"]);
        Assert.Equal(IPAddress.IPv6Loopback, AsAddress(udp6["network.remote_address"]));

        var tcpBind = Events.WaitFor(EventTypes.NetworkBind, e => e.Process.Pid == pid && Equals(e["network.local_port"], v4Port), "tcp bind");
        Assert.Equal("tcp", tcpBind["network.transport"]);
    }

    [KernelAuditFact]
    public void Su_to_another_user_keeps_the_original_login_user()
    {
        // The test process tree has no login uid; give the child one as a login would, then su. A login uid of
        // our own choosing tells this test's events from those of other programs that su at the same time.
        var loginUid = (long)Random.Shared.Next(700_000, 800_000);
        var (_, exitCode, output) = ChildProcess.Shell($"echo {loginUid} > /proc/self/loginuid && exec su nobody -s /bin/sh -c 'exec id -u'");
        Assert.True(exitCode == 0, output);
        Assert.Equal("65534", output.Trim());

        var id = Events.WaitFor(EventTypes.ProcessStart, e => e.Process.Executable == "/usr/bin/id" && e.Process.LoginUid == loginUid, "id under su");
        Assert.Equal(65534L, id.Process.Uid);
        Assert.Equal(65534L, id.Process.EffectiveUid);

        var su = Events.WaitFor(EventTypes.PrivilegeChange, e => e.Process.LoginUid == loginUid && Equals(e["privilege.kind"], "su"), "su to nobody");
        Assert.Equal("nobody", su["privilege.target_user"]);
    }

    [KernelAuditFact]
    public void A_kernel_module_load_attempt_is_recorded_even_when_it_fails()
    {
        // finit_module(2) on a file that is not a module: refused by the kernel (here ENOSYS or ENOEXEC), but
        // audited. Perl's syscall builtin needs nothing beyond the base system.
        const string script = """
            open(my $fh, '<', '/etc/hostname') or die "open: $!";
            my $params = "";
            print syscall(313, fileno($fh), $params, 0), " ", $! + 0, "\n";
            """;
        var (pid, exitCode, output) = ChildProcess.Run("/usr/bin/perl", "-e", script);
        Assert.True(exitCode == 0, output);
        Assert.StartsWith("-1 ", output);

        var load = Events.WaitFor(EventTypes.DriverLoad, e => e.Process.Pid == pid, "finit_module");
        Assert.Equal(EventOutcome.Failure, load.Outcome);
        Assert.True(load.ResultCode < 0, $"the kernel's error is kept: {load.ResultCode}");
    }

    [KernelAuditFact]
    public void Status_shows_the_source_rules_and_counters()
    {
        ChildProcess.Run("/bin/true");
        Events.WaitFor(EventTypes.ProcessStart, e => e.Process.Executable == "/usr/bin/true", "true");
        Thread.Sleep(1200); // one status poll

        var services = _fixture.Services;
        Assert.Equal("netlink-unicast", services.StatusOf("source"));
        Assert.Equal("enabled", services.StatusOf("audit_enabled"));
        Assert.Equal("8192", services.StatusOf("backlog_limit"));
        Assert.Equal("0", services.StatusOf("backlog_wait_time"));
        Assert.Equal("false", services.StatusOf("has_user_defined_audit_rules", "recorder"));
        Assert.Equal(Environment.ProcessId.ToString(), services.StatusOf("audit_pid"));
        Assert.True(int.Parse(services.StatusOf("recorder_rules_loaded")!) >= 3);
        Assert.True(services.Counters["records_received"].Value > 0);
        Assert.True(services.Counters["events_written"].Value > 0);
        Assert.Equal(0, services.Counters["events_dropped_userspace"].Value);
        Assert.True(services.Counters.ContainsKey("kernel_lost"));
        Assert.True(services.Counters.ContainsKey("sequence_gaps"));

        var rules = _fixture.Collector.LoadedRecorderRules;
        Assert.StartsWith($"-A exit,never -F pid={Environment.ProcessId} -S all", rules[0]);
        Assert.All(rules, r => Assert.Contains("recorder", r));
    }

    private static IPAddress? AsAddress(object? value) => value switch
    {
        IPAddress address => address,
        string text => IPAddress.Parse(text),
        _ => null,
    };
}

using Recorder.Plugins.Collectors.LinuxAudit.Tests.Support;
using Recorder.Tests.Shared;

namespace Recorder.Plugins.Collectors.LinuxAudit.Tests;

/// <summary>
/// What an investigator reads back: real actions recorded by the real host (collector, enrichers, SQLite store) and
/// answered by <c>recorder timeline --format jsonl</c>, whole events with the journal's field names.
/// </summary>
[Collection(KernelAudit.Collection)]
public sealed class LiveAnswerTests
{
    [KernelAuditFact]
    public async Task The_exact_argv_of_a_command_appears_in_the_timeline()
    {
        using var _ = KernelAudit.Lock();
        using var snapshot = new KernelAuditSnapshot();
        snapshot.StopAuditd();
        await using var recorder = await RecordingHost.StartAsync();
        var since = DateTime.UtcNow.AddSeconds(-1);
        var marker = "argv-" + Guid.NewGuid().ToString("N");
        string[] arguments = ["with space", "new\nline", "q\"uote 'single'", "ünïcødé ✓", new string('x', 12 * 1024), marker];
        var (pid, _, _) = ChildProcess.Run("/bin/echo", arguments);

        var start = await recorder.WaitForAsync(since, r => r.Texts("process.args")?.Contains(marker) == true, "echo's process.start", "process.start");
        Assert.Equal(new[] { "/bin/echo" }.Concat(arguments), start.Texts("process.args")!);
        Assert.Equal(pid, start.Number("process.pid"));
        Assert.Equal("/usr/bin/echo", start.Text("process.path"));
        Assert.Contains(marker, start.Text("process.cmd"));
        Assert.Equal("root", start.Text("process.user_name"));
        Assert.Equal(Environment.ProcessId, start.Number("process.parent_pid"));
    }

    [KernelAuditFact]
    public async Task Accepts_on_127_0_0_1_and_on_1_carry_the_listening_port()
    {
        using var _ = KernelAudit.Lock();
        using var snapshot = new KernelAuditSnapshot();
        snapshot.StopAuditd();
        await using var recorder = await RecordingHost.StartAsync();
        var since = DateTime.UtcNow.AddSeconds(-1);
        // The port is chosen by the kernel (bind to port 0) and printed, so nothing is known ahead but the process.
        const string script = """
            use strict; use Socket qw(:all);
            for my $v ([AF_INET, '127.0.0.1'], [AF_INET6, '::1']) {
              my ($family, $address) = @$v;
              my $packed = inet_pton($family, $address);
              my $any = $family == AF_INET ? pack_sockaddr_in(0, $packed) : pack_sockaddr_in6(0, $packed);
              socket(my $server, $family, SOCK_STREAM, 0) or die "socket: $!";
              bind($server, $any) or die "bind: $!";
              listen($server, 1) or die "listen: $!";
              my ($port) = $family == AF_INET ? unpack_sockaddr_in(getsockname($server)) : unpack_sockaddr_in6(getsockname($server));
              my $to = $family == AF_INET ? pack_sockaddr_in($port, $packed) : pack_sockaddr_in6($port, $packed);
              socket(my $client, $family, SOCK_STREAM, 0) or die "socket: $!";
              connect($client, $to) or die "connect: $!";
              accept(my $accepted, $server) or die "accept: $!";
              print "$address $port\n";
              select(undef, undef, undef, 0.3);
              close($accepted); close($client); close($server);
            }
            """;
        var (pid, exitCode, output) = ChildProcess.Run("/usr/bin/perl", "-e", script);
        Assert.True(exitCode == 0, output);

        foreach (var line in output.Trim().Split('\n'))
        {
            var (address, port) = (line.Split(' ')[0], long.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture));
            var accept = await recorder.WaitForAsync(since, r => r.Number("process.pid") == pid && r.Text("network.local_address") == address,
                $"the accept on {address}", "network.accept");
            Assert.Equal(port, accept.Number("network.local_port"));
            Assert.Equal(address, accept.Text("network.remote_address"));
            Assert.Equal("tcp", accept.Text("network.transport"));
        }
    }

    [KernelAuditFact]
    public async Task A_user_created_and_used_within_a_second_is_named_and_keeps_its_name_after_userdel()
    {
        using var _ = KernelAudit.Lock();
        using var snapshot = new KernelAuditSnapshot();
        snapshot.StopAuditd();
        await using var recorder = await RecordingHost.StartAsync();
        var since = DateTime.UtcNow.AddSeconds(-1);
        var name = "rec" + Guid.NewGuid().ToString("N")[..8];
        string before = "before-" + name, after = "after-" + name;
        var (_, exitCode, output) = ChildProcess.Shell(
            $"useradd -M -s /usr/sbin/nologin {name} && uid=$(id -u {name}) && runuser -u {name} -- /bin/echo {before} && " +
            $"userdel {name} && setpriv --reuid=$uid --regid=$uid --clear-groups /bin/echo {after}");
        Assert.True(exitCode == 0, output);

        var used = await recorder.WaitForAsync(since, r => r.Text("process.path") == "/usr/bin/echo" && r.Texts("process.args")?.Contains(before) == true, "the new user's echo", "process.start");
        Assert.Equal(name, used.Text("process.user_name"));
        var deleted = await recorder.WaitForAsync(since, r => r.Text("process.path") == "/usr/bin/echo" && r.Texts("process.args")?.Contains(after) == true, "the deleted user's echo", "process.start");
        Assert.Equal(name, deleted.Text("process.user_name"));
    }

    [KernelAuditFact]
    public async Task Records_the_kernel_drops_from_a_tiny_backlog_leave_a_loss_marker_in_the_timeline()
    {
        using var _ = KernelAudit.Lock();
        using var snapshot = new KernelAuditSnapshot();
        snapshot.StopAuditd();
        await using var recorder = await RecordingHost.StartAsync("{ backlog_limit: 1, status_interval_ms: 200 }");
        var since = DateTime.UtcNow.AddSeconds(-1);
        // A burst of execs, each several records at once: far more than a backlog of one holds.
        var (_, exitCode, output) = ChildProcess.Shell("for i in $(seq 1 400); do /bin/true; done");
        Assert.True(exitCode == 0, output);

        var loss = await recorder.WaitForAsync(since, r => r.Text("loss.reason") is "kernel_lost" or "sequence_gap", "a loss marker", "recorder.loss");
        Assert.True(loss.Number("loss.count") > 0);
        Assert.Equal("records", loss.Text("loss.unit"));
        Assert.Equal("linux-audit", loss.Text("loss.source"));
        Assert.NotNull(loss.Text("loss.first_time"));
        Assert.NotNull(loss.Text("loss.last_time"));
    }

    [KernelAuditFact]
    public async Task A_process_in_a_container_like_cgroup_carries_its_container_id_and_a_subscription_can_select_it()
    {
        using var _ = KernelAudit.Lock();
        using var snapshot = new KernelAuditSnapshot();
        snapshot.StopAuditd();
        await using var recorder = await RecordingHost.StartAsync();
        var since = DateTime.UtcNow.AddSeconds(-1);
        // A cgroup named as Docker names its containers' scopes; the shell moves itself in, then execs.
        var id = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
        var cgroup = Path.Combine(CgroupRoot(), $"docker-{id}.scope");
        Directory.CreateDirectory(cgroup);
        var marker = "container-" + id[..8];
        try
        {
            var (_, exitCode, output) = ChildProcess.Shell($"echo $$ > {cgroup}/cgroup.procs && exec /bin/sh -c 'sleep 0.5; /bin/echo done' {marker}");
            Assert.True(exitCode == 0, output);
        }
        finally
        {
            Directory.Delete(cgroup);
        }

        var shell = await recorder.WaitForAsync(since, r => r.Texts("process.args")?.Contains(marker) == true, "the contained shell", "process.start");
        Assert.Equal(id, shell.Text("process.container_id"));
        // Its children inherit it; processes outside have none.
        var echo = await recorder.WaitForAsync(since, r => r.Text("process.cmd") == "/bin/echo done", "the contained shell's echo", "process.start");
        Assert.Equal(id, echo.Text("process.container_id"));
        Assert.All(recorder.Timeline(since, "process.start").Where(r => r.Number("process.pid") == Environment.ProcessId), r => Assert.Null(r.Text("process.container_id")));
        // The subscription that keeps only contained processes kept them, and nothing else.
        var contained = recorder.ContainersTimeline(since);
        Assert.Contains(contained, r => r.Texts("process.args")?.Contains(marker) == true);
        Assert.All(contained, r => Assert.NotNull(r.Text("process.container_id")));
    }

    [KernelAuditFact]
    public async Task A_failed_path_search_stores_each_attempted_path()
    {
        using var _ = KernelAudit.Lock();
        using var snapshot = new KernelAuditSnapshot();
        snapshot.StopAuditd();
        await using var recorder = await RecordingHost.StartAsync();
        var since = DateTime.UtcNow.AddSeconds(-1);
        var tag = Guid.NewGuid().ToString("N")[..8];
        string first = $"/nonexistent-{tag}-a", second = $"/nonexistent-{tag}-b";
        // env's execvp tries each PATH folder in turn: two failed execs (ENOENT), then /usr/bin/true.
        var (pid, exitCode, output) = ChildProcess.Run("/usr/bin/env", $"PATH={first}:{second}:/usr/bin", "true");
        Assert.True(exitCode == 0, output);

        var real = await recorder.WaitForAsync(since, r => r.Number("process.pid") == pid && r.Text("process.path") == "/usr/bin/true", "the exec that found true", "process.start");
        Assert.Equal("/usr/bin/true", real.Text("process.exec_path"));
        var attempts = recorder.Timeline(since, "process.start").Where(r => r.Number("process.pid") == pid && r.Text("event.outcome") == "failure").ToList();
        Assert.Equal([$"{first}/true", $"{second}/true"], attempts.Select(r => r.Text("process.exec_path")));
        // The process was still env when those failed; it is not shown as having become something else.
        Assert.All(attempts, r => Assert.Equal("/usr/bin/env", r.Text("process.path")));
        Assert.All(attempts, r => Assert.Equal(-2, r.Number("event.result")));
    }

    /// <summary>The cgroup v2 hierarchy if there is one (pure v2, or the unified part of a hybrid), else the pids controller's.</summary>
    private static string CgroupRoot() =>
        File.Exists("/sys/fs/cgroup/cgroup.procs") ? "/sys/fs/cgroup"
        : Directory.Exists("/sys/fs/cgroup/unified") ? "/sys/fs/cgroup/unified"
        : "/sys/fs/cgroup/pids";
}

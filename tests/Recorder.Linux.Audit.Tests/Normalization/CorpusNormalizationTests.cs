using System.Text.Json;
using Recorder.Contracts.Events;
using Recorder.Linux.Audit.Assembly;
using Recorder.Linux.Audit.Normalization;
using Recorder.Linux.Audit.Tests.Parsing;

namespace Recorder.Linux.Audit.Tests.Normalization;

/// <summary>Normalisation of records from the public corpora (laurel, go-libaudit), checked against what they expect.</summary>
public class CorpusNormalizationTests
{
    private static List<RecorderEvent> Normalize(IEnumerable<byte[]> lines, Func<string, bool>? wanted = null)
    {
        var normalizer = new AuditEventNormalizer(wanted);
        var events = new List<RecorderEvent>();
        AuditCorpus.Assemble(lines, g => normalizer.Normalize(g, events));
        return events;
    }

    private static List<RecorderEvent> Normalize(string text)
    {
        var normalizer = new AuditEventNormalizer();
        var events = new List<RecorderEvent>();
        AuditCorpus.Assemble(text, g => normalizer.Normalize(g, events));
        return events;
    }

    public static TheoryData<string> LaurelExecveRecords() => new("record-execve.txt", "record-execve-long.txt", "record-weblogic.txt", "record-perl-reverse-shell.txt");

    [Theory]
    [MemberData(nameof(LaurelExecveRecords))]
    public void Argv_matches_laurels_rejoined_argv(string file)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(AuditCorpus.Laurel(Path.ChangeExtension(file, ".json"))));
        var expected = json.RootElement.GetProperty("EXECVE").GetProperty("ARGV").EnumerateArray().Select(a => a.GetString()!).ToArray();

        var argvs = new List<string[]>();
        AuditCorpus.Assemble(AuditCorpus.Lines(AuditCorpus.Laurel(file)), g =>
        {
            if (g.Contains(1309)) argvs.Add(ExecveArguments.Read(g, out _));
        });
        Assert.Equal(expected, Assert.Single(argvs));

        var start = Assert.Single(Normalize(AuditCorpus.Lines(AuditCorpus.Laurel(file))), e => e.Type == EventTypes.ProcessStart);
        Assert.Equal(expected, CommandLine.Split(start.Process.CommandLine!));
    }

    [Fact]
    public void Long_argument_split_across_execve_records_is_rejoined_in_order()
    {
        var start = Normalize(AuditCorpus.Lines(AuditCorpus.Laurel("record-execve-long.txt"))).Single(e => e.Type == EventTypes.ProcessStart);
        var args = CommandLine.Split(start.Process.CommandLine!);
        Assert.Equal("/bin/echo", args[0]);
        Assert.Equal(8192, args[1].Length);
        // The pieces start with b, d, f... (as laurel's test builds them): each piece boundary is kept in order.
        Assert.StartsWith("baaa", args[1]);
        Assert.Equal("user", start.Process.UserName); // ENRICHED UID="user"
        Assert.Equal("/tmp", start.Process.WorkingDirectory);
    }

    [Fact]
    public void Sudo_command_is_a_privilege_change_with_the_decoded_command()
    {
        var ev = Normalize(AuditCorpus.Lines(AuditCorpus.GoLibaudit("auparse/testdata/audit-rhel7.log")), t => t == EventTypes.PrivilegeChange).Single();
        Assert.Equal("./metricbeat -c mb.dev.yml", ev["privilege.command"]);
        Assert.Equal("/home/andrew_kroh", ev.Process.WorkingDirectory);
        Assert.Equal(1000L, ev.Process.LoginUid);
        Assert.Equal("pts/0", ev.Process.Terminal);
        Assert.Equal(EventOutcome.Success, ev.Outcome);
    }

    [Fact]
    public void Sshd_logins_give_sessions_and_a_failed_login_is_an_auth_failure()
    {
        var events = Normalize(AuditCorpus.Lines(AuditCorpus.GoLibaudit("auparse/testdata/audit-rhel7.log")));
        var login = events.Single(e => e.Type == EventTypes.SessionLogin && (string?)e["session.service"] == "sshd" && e["session.uid"] is 1000L);
        Assert.Equal("96.241.146.97", login["session.remote_address"]);
        Assert.Equal("pool-96-241-146-97.washdc.fios.verizon.net", login["session.remote_host"]);
        Assert.Equal("/dev/pts/0", login["session.terminal"]);

        var pubkey = events.Single(e => e.Type == EventTypes.AuthSuccess && (string?)e["auth.method"] == "publickey");
        Assert.Equal("andrew_kroh", pubkey["auth.account"]);
        Assert.Equal("96.241.146.97", pubkey["auth.remote_address"]);
        Assert.Equal("sshd", pubkey["auth.service"]);

        var failed = Normalize(AuditCorpus.Lines(AuditCorpus.GoLibaudit("auparse/testdata/audit-ubuntu16.log"))).Single(e => e.Type == EventTypes.AuthFailure);
        Assert.Equal("(invalid user)", failed["auth.account"]);
        Assert.Equal("179.38.151.221", failed["auth.remote_address"]);
    }

    [Fact]
    public void Connect_from_the_go_libaudit_log_decodes_the_inet_address()
    {
        var connect = Normalize(AuditCorpus.Lines(AuditCorpus.GoLibaudit("testdata/normal.log"))).First(e => e.Type == EventTypes.NetworkConnect);
        Assert.Equal("169.254.169.254", connect["network.remote_address"]);
        Assert.Equal(80L, connect["network.remote_port"]);
        Assert.Equal(EventOutcome.Failure, connect.Outcome);
        Assert.Equal(-115L, connect.ResultCode); // EINPROGRESS of a non-blocking connect
        Assert.Null(connect.Process.LoginUid);   // auid=4294967295: never logged in
        Assert.Null(connect.Process.SessionId);
        Assert.Null(connect.Process.Terminal);   // tty=(none)
    }

    [Fact]
    public void Module_load_names_the_module_from_kern_module_and_exit_group_gives_the_exit_code()
    {
        var events = Normalize("""
            type=SYSCALL msg=audit(1700000000.000:20): arch=c000003e syscall=313 success=yes exit=0 a0=3 a1=41a15c a2=0 a3=0 items=0 ppid=1 pid=50 auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=2 comm="modprobe" exe="/usr/bin/kmod" key="modules"
            type=KERN_MODULE msg=audit(1700000000.000:20): name="dummy"
            type=PROCTITLE msg=audit(1700000000.000:20): proctitle=6D6F6470726F62650064756D6D79
            type=EOE msg=audit(1700000000.000:20):
            type=SYSCALL msg=audit(1700000000.000:21): arch=c000003e syscall=176 success=yes exit=0 a0=55d0 a1=800 a2=0 a3=0 items=0 ppid=1 pid=51 auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=2 comm="rmmod" exe="/usr/bin/kmod" key="modules"
            type=KERN_MODULE msg=audit(1700000000.000:21): name="dummy"
            type=EOE msg=audit(1700000000.000:21):
            type=SYSCALL msg=audit(1700000000.000:22): arch=c000003e syscall=231 a0=3 a1=0 a2=0 a3=0 items=0 ppid=1 pid=52 auid=1000 uid=1000 gid=1000 euid=1000 suid=1000 fsuid=1000 egid=1000 sgid=1000 fsgid=1000 tty=pts0 ses=2 comm="false" exe="/usr/bin/false" key=(null)
            type=EOE msg=audit(1700000000.000:22):
            """);
        Assert.Equal([EventTypes.DriverLoad, EventTypes.DriverUnload, EventTypes.ProcessExit], events.Select(e => e.Type));
        Assert.Equal("dummy", events[0]["driver.name"]);
        Assert.Equal("modprobe dummy", events[0].Process.CommandLine);
        Assert.Equal("modules", events[0].Tags["audit.key"]);
        Assert.Equal("dummy", events[1]["driver.name"]);
        Assert.Equal(3L, events[2]["process.exit_code"]);
        Assert.Equal(EventOutcome.Unknown, events[2].Outcome); // exit_group never returns: no success field
    }

    [Fact]
    public void Setuid_to_root_by_a_process_whose_login_user_is_not_root_is_a_privilege_change()
    {
        var events = Normalize("""
            type=SYSCALL msg=audit(1700000000.000:1): arch=c000003e syscall=105 success=yes exit=0 a0=0 a1=0 a2=0 a3=0 items=0 ppid=10 pid=11 auid=1000 uid=0 gid=1000 euid=0 suid=0 fsuid=0 egid=1000 sgid=1000 fsgid=1000 tty=pts0 ses=3 comm="evil" exe="/tmp/evil" key=(null)
            type=EOE msg=audit(1700000000.000:1):
            type=SYSCALL msg=audit(1700000000.000:2): arch=c000003e syscall=105 success=yes exit=0 a0=3e8 a1=0 a2=0 a3=0 items=0 ppid=10 pid=12 auid=1000 uid=1000 gid=1000 euid=1000 suid=1000 fsuid=1000 egid=1000 sgid=1000 fsgid=1000 tty=pts0 ses=3 comm="drop" exe="/tmp/drop" key=(null)
            type=EOE msg=audit(1700000000.000:2):
            type=SYSCALL msg=audit(1700000000.000:3): arch=c000003e syscall=117 success=yes exit=0 a0=ffffffff a1=0 a2=ffffffff a3=0 items=0 ppid=1 pid=13 auid=4294967295 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=4294967295 comm="daemon" exe="/usr/sbin/daemon" key=(null)
            type=EOE msg=audit(1700000000.000:3):
            """);
        var ev = Assert.Single(events);
        Assert.Equal(EventTypes.PrivilegeChange, ev.Type);
        Assert.Equal("setuid", ev["privilege.kind"]);
        Assert.Equal(0L, ev["privilege.target_uid"]);
        Assert.Equal("/tmp/evil", ev.Process.Executable);
        Assert.Equal(1000L, ev.Process.LoginUid);
    }

    [Fact]
    public void I386_socketcall_connect_is_a_network_connect()
    {
        var events = Normalize("""
            type=SYSCALL msg=audit(1700000000.000:9): arch=40000003 syscall=102 success=yes exit=0 a0=3 a1=ffd0c8a0 a2=0 a3=0 items=0 ppid=1 pid=20 auid=1000 uid=1000 gid=1000 euid=1000 suid=1000 fsuid=1000 egid=1000 sgid=1000 fsgid=1000 tty=pts0 ses=2 comm="curl32" exe="/usr/bin/curl32" key=(null)
            type=SOCKADDR msg=audit(1700000000.000:9): saddr=0200005001020304
            type=EOE msg=audit(1700000000.000:9):
            """);
        var ev = Assert.Single(events);
        Assert.Equal(EventTypes.NetworkConnect, ev.Type);
        Assert.Equal("1.2.3.4", ev["network.remote_address"]);
        Assert.Equal(80L, ev["network.remote_port"]);
    }

    [Fact]
    public void Rename_with_relative_names_is_resolved_against_cwd_and_replaced_target_is_ignored()
    {
        // renameat2 replacing an existing file: a second DELETE item names the replaced target (the new name).
        var events = Normalize("""
            type=SYSCALL msg=audit(1700000000.000:5): arch=c000003e syscall=316 success=yes exit=0 a0=ffffff9c a1=1 a2=ffffff9c a3=2 items=5 ppid=1 pid=30 auid=1000 uid=1000 gid=1000 euid=1000 suid=1000 fsuid=1000 egid=1000 sgid=1000 fsgid=1000 tty=pts0 ses=2 comm="mv" exe="/usr/bin/mv" key=(null)
            type=CWD msg=audit(1700000000.000:5): cwd=2F686F6D652F6120622F
            type=PATH msg=audit(1700000000.000:5): item=0 name="sub/" inode=1 dev=fe:00 mode=040755 ouid=0 ogid=0 rdev=00:00 nametype=PARENT
            type=PATH msg=audit(1700000000.000:5): item=1 name="other/" inode=2 dev=fe:00 mode=040755 ouid=0 ogid=0 rdev=00:00 nametype=PARENT
            type=PATH msg=audit(1700000000.000:5): item=2 name="sub/old name" inode=3 dev=fe:00 mode=0100644 ouid=0 ogid=0 rdev=00:00 nametype=DELETE
            type=PATH msg=audit(1700000000.000:5): item=3 name="other/new" inode=4 dev=fe:00 mode=0100644 ouid=0 ogid=0 rdev=00:00 nametype=DELETE
            type=PATH msg=audit(1700000000.000:5): item=4 name="other/new" inode=3 dev=fe:00 mode=0100644 ouid=0 ogid=0 rdev=00:00 nametype=CREATE
            type=EOE msg=audit(1700000000.000:5):
            """);
        var ev = Assert.Single(events);
        Assert.Equal("/home/a b/sub/old name", ev["file.old_path"]);
        Assert.Equal("/home/a b/other/new", ev["file.path"]);
    }

    [Fact]
    public void A_name_relative_to_a_directory_descriptor_is_not_joined_to_the_working_directory()
    {
        // unlinkat(5, "victim", 0): the directory of fd 5 is not in the records.
        var events = Normalize("""
            type=SYSCALL msg=audit(1700000000.000:8): arch=c000003e syscall=263 success=yes exit=0 a0=5 a1=1 a2=0 a3=0 items=2 ppid=1 pid=41 auid=1000 uid=1000 gid=1000 euid=1000 suid=1000 fsuid=1000 egid=1000 sgid=1000 fsgid=1000 tty=pts0 ses=2 comm="rm" exe="/usr/bin/rm" key=(null)
            type=CWD msg=audit(1700000000.000:8): cwd="/home/u"
            type=PATH msg=audit(1700000000.000:8): item=0 name=(null) inode=1 dev=fe:00 mode=040755 ouid=0 ogid=0 rdev=00:00 nametype=PARENT
            type=PATH msg=audit(1700000000.000:8): item=1 name="victim" inode=2 dev=fe:00 mode=0100644 ouid=0 ogid=0 rdev=00:00 nametype=DELETE
            type=EOE msg=audit(1700000000.000:8):
            """);
        var ev = Assert.Single(events);
        Assert.Equal(EventTypes.FileDelete, ev.Type);
        Assert.Equal("victim", ev["file.path"]);
    }

    [Fact]
    public void Open_for_read_is_a_file_read_only_under_a_user_rule_key()
    {
        const string read = """
            type=SYSCALL msg=audit(1700000000.000:7): arch=c000003e syscall=257 success=yes exit=3 a0=ffffff9c a1=1 a2=0 a3=0 items=1 ppid=1 pid=40 auid=1000 uid=1000 gid=1000 euid=1000 suid=1000 fsuid=1000 egid=1000 sgid=1000 fsgid=1000 tty=pts0 ses=2 comm="cat" exe="/usr/bin/cat" key=KEYVALUE
            type=CWD msg=audit(1700000000.000:7): cwd="/etc"
            type=PATH msg=audit(1700000000.000:7): item=0 name="shadow" inode=5 dev=fe:00 mode=0100640 ouid=0 ogid=42 rdev=00:00 nametype=NORMAL
            type=EOE msg=audit(1700000000.000:7):
            """;
        var withKey = Assert.Single(Normalize(read.Replace("KEYVALUE", "\"secrets\"")));
        Assert.Equal(EventTypes.FileRead, withKey.Type);
        Assert.Equal("/etc/shadow", withKey["file.path"]);
        Assert.Equal("secrets", withKey["file.rule_key"]);
        Assert.Empty(Normalize(read.Replace("KEYVALUE", "(null)")));
        // Several keys are joined with 0x01 by the kernel and then hex-encoded.
        var twoKeys = Assert.Single(Normalize(read.Replace("KEYVALUE", "610162")));
        Assert.Equal("a,b", twoKeys["file.rule_key"]);
    }
}

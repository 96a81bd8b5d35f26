using Recorder.Contracts.Events;
using Recorder.Linux.Audit.Normalization;
using Recorder.Linux.Audit.Replay;
using Recorder.Tests.Shared;

namespace Recorder.Linux.Audit.Tests.Normalization;

/// <summary>
/// The typed events of a real audit log recorded on this machine (Data/live-actions.log, made by
/// Data/capture-live.sh with auditd 3.0.9, ENRICHED): every action the script performed must come out as the exact
/// event with the right fields. The actions ran under login uid 1000 ("cloudsdk"), as root unless stated.
/// </summary>
public class LiveCaptureNormalizationTests
{
    private static string LogPath => Path.Combine(RepoPaths.Root, "tests", "Recorder.Linux.Audit.Tests", "Normalization", "Data", "live-actions.log");

    private static readonly Lazy<List<RecorderEvent>> Events = new(() =>
    {
        using var stream = File.OpenRead(LogPath);
        var stats = new ReplayStats();
        var events = new AuditLogReplayer().Replay(stream, stats).ToList();
        Assert.Equal(0, stats.Malformed);
        return events;
    });

    private static List<RecorderEvent> OfType(string type) => Events.Value.Where(e => e.Type == type).ToList();

    private static string FilesDir()
    {
        var created = OfType(EventTypes.FileCreate).Single();
        var path = (string)created["file.path"]!;
        return path[..path.LastIndexOf('/')];
    }

    [Fact]
    public void Exec_with_awkward_and_long_arguments_keeps_argv_exactly()
    {
        var echo = OfType(EventTypes.ProcessStart).Single(e => e.Process.Executable == "/usr/bin/echo");
        string[] expected = ["/bin/echo", "two words", "q\"uote's", "new\nline", "ünïcödé ✓", new string('x', 12000)];
        Assert.Equal(expected, CommandLine.Split(echo.Process.CommandLine!));
        Assert.Equal(expected, echo.Process.Arguments);
        Assert.Equal(6L, echo["process.argc"]);
        Assert.Equal(EventOutcome.Success, echo.Outcome);
        Assert.Equal(0L, echo.ResultCode);
        Assert.Equal(1000L, echo.Process.LoginUid);
        Assert.Equal("cloudsdk", echo.Process.LoginUserName);
        Assert.Equal(0L, echo.Process.Uid);
        Assert.Equal("root", echo.Process.UserName);
        Assert.Equal(13L, echo.Process.SessionId);
        Assert.NotNull(echo.Process.Pid);
        Assert.NotNull(echo.Process.ParentPid);
        Assert.EndsWith("Normalization/Data", echo.Process.WorkingDirectory);
        Assert.Equal(247436L, echo["process.image_inode"]);
        Assert.Equal(new DateTime(2026, 11, 24, 22, 55, 33, 851, DateTimeKind.Utc), echo.Time);
        Assert.Equal("recorder-test", echo.Tags["audit.key"]);
    }

    [Fact]
    public void File_create_write_rename_permission_owner_and_delete_have_absolute_paths()
    {
        var dir = FilesDir();
        Assert.StartsWith("/tmp/hparse-capture.", dir);

        var create = OfType(EventTypes.FileCreate).Single();
        Assert.Equal(dir + "/created.txt", create["file.path"]);
        Assert.Equal(EventOutcome.Success, create.Outcome);

        var writes = OfType(EventTypes.FileWrite).Select(e => (string?)e["file.path"]).ToList();
        Assert.Equal([dir + "/created.txt", dir + "/renamed.txt"], writes); // ">>" append, then truncate's open

        var rename = OfType(EventTypes.FileRename).Single();
        Assert.Equal(dir + "/created.txt", rename["file.old_path"]);
        Assert.Equal(dir + "/renamed.txt", rename["file.path"]);
        Assert.Equal("/usr/bin/mv", rename.Process.Executable);

        var chmod = OfType(EventTypes.FilePermission).Single();
        Assert.Equal(dir + "/renamed.txt", chmod["file.path"]);
        Assert.Equal("0640", chmod["file.mode"]);

        var chown = OfType(EventTypes.FileOwner).Single();
        Assert.Equal(dir + "/renamed.txt", chown["file.path"]);
        Assert.Equal(65534L, chown["file.owner_uid"]);
        Assert.Equal(65534L, chown["file.owner_gid"]);

        var delete = OfType(EventTypes.FileDelete).Single();
        Assert.Equal(dir + "/renamed.txt", delete["file.path"]);
        Assert.Equal("/usr/bin/rm", delete.Process.Executable);
    }

    [Fact]
    public void Tcp_over_loopback_v4_and_v6_gives_bind_listen_connect_and_accept_with_addresses()
    {
        var python = (RecorderEvent e) => e.Process.Executable?.Contains("python") == true;
        var binds = OfType(EventTypes.NetworkBind).Where(python).ToList();
        Assert.Equal([("inet", "127.0.0.1", 0L), ("inet6", "::1", 0L)],
            binds.Select(e => ((string)e["network.family"]!, (string)e["network.local_address"]!, (long)e["network.local_port"]!)));

        Assert.Equal(2, OfType(EventTypes.NetworkListen).Count(python));

        var connects = OfType(EventTypes.NetworkConnect).Where(e => (string?)e["network.family"] != "unix").ToList();
        Assert.Equal([("127.0.0.1", 48479L), ("::1", 37161L)],
            connects.Select(e => ((string)e["network.remote_address"]!, (long)e["network.remote_port"]!)));
        Assert.All(connects, e => Assert.Equal(EventOutcome.Success, e.Outcome));

        var accepts = OfType(EventTypes.NetworkAccept).ToList();
        Assert.Equal([("127.0.0.1", 35192L, "tcp"), ("::1", 35598L, "tcp")],
            accepts.Select(e => ((string)e["network.remote_address"]!, (long)e["network.remote_port"]!, (string)e["network.transport"]!)));
    }

    [Fact]
    public void Unix_socket_connects_carry_the_socket_path()
    {
        var devLog = OfType(EventTypes.NetworkConnect).Where(e => (string?)e["network.unix_path"] == "/dev/log").ToList();
        Assert.NotEmpty(devLog);
        Assert.All(devLog, e =>
        {
            Assert.Equal("unix", e["network.transport"]);
            Assert.Equal(EventOutcome.Failure, e.Outcome);
            Assert.Equal(-2L, e.ResultCode); // ENOENT: no syslog daemon here
        });
    }

    [Fact]
    public void Module_load_attempt_and_unload_are_recorded_with_their_failure()
    {
        var load = OfType(EventTypes.DriverLoad).Single();
        Assert.Equal(EventOutcome.Failure, load.Outcome);
        Assert.Equal(-38L, load.ResultCode); // ENOSYS: this kernel has module loading disabled
        Assert.Equal(1000L, load.Process.LoginUid);
        var unload = OfType(EventTypes.DriverUnload).Single();
        Assert.Equal(EventOutcome.Failure, unload.Outcome);
    }

    [Fact]
    public void Su_to_another_user_is_a_privilege_change_and_the_login_user_stays_the_original()
    {
        var su = OfType(EventTypes.PrivilegeChange).Single();
        Assert.Equal("su", su["privilege.kind"]);
        Assert.Equal("nobody", su["privilege.target_user"]);
        Assert.Equal(1000L, su.Process.LoginUid);
        Assert.Equal("cloudsdk", su.Process.LoginUserName);

        var session = OfType(EventTypes.SessionLogin).Single(e => (string?)e["session.service"] == "su");
        Assert.Equal("nobody", session["session.user"]);
        Assert.Equal(13L, session["session.id"]);
        var logout = OfType(EventTypes.SessionLogout).Single();
        Assert.Equal("nobody", logout["session.user"]);

        // The command su ran: uid nobody, login user still cloudsdk.
        var id = OfType(EventTypes.ProcessStart).Single(e => e.Process.Executable == "/usr/bin/id");
        Assert.Equal(65534L, id.Process.Uid);
        Assert.Equal(1000L, id.Process.LoginUid);
        Assert.Equal("cloudsdk", id.Process.LoginUserName);
    }

    [Fact]
    public void Su_authentication_success_and_failure()
    {
        var ok = OfType(EventTypes.AuthSuccess).Where(e => (string?)e["auth.service"] == "su").ToList();
        Assert.Contains(ok, e => (string?)e["auth.account"] == "nobody" && (string?)e["auth.message"] == "PAM:authentication");

        var failed = OfType(EventTypes.AuthFailure).Single();
        Assert.Equal("root", failed["auth.account"]);
        Assert.Equal("su", failed["auth.service"]);
        Assert.Equal("/dev/pts/0", failed["auth.terminal"]);
        Assert.Equal("pam", failed["auth.method"]);
        Assert.Null(failed["auth.remote_address"]);
        Assert.Equal(EventOutcome.Failure, failed.Outcome);
        Assert.Equal(1000L, failed.Process.Uid);
        Assert.Equal(1000L, failed.Process.LoginUid);
    }

    [Fact]
    public void Setting_the_login_uid_is_a_session_login()
    {
        var login = OfType(EventTypes.SessionLogin).Single(e => (long?)e["session.uid"] == 1000);
        Assert.Equal(13L, login["session.id"]);
        Assert.Equal("cloudsdk", login["session.user"]);
        Assert.Equal(1000L, login.Process.LoginUid);
        Assert.Equal(EventOutcome.Success, login.Outcome);
    }

    [Fact]
    public void Only_wanted_types_are_built()
    {
        using var stream = File.OpenRead(LogPath);
        var wanted = new HashSet<string> { EventTypes.FileDelete, EventTypes.NetworkAccept };
        var events = new AuditLogReplayer(wanted.Contains).Replay(stream, new ReplayStats()).ToList();
        Assert.Equal([EventTypes.FileDelete, EventTypes.NetworkAccept, EventTypes.NetworkAccept], events.Select(e => e.Type));
    }
}

using Recorder.Contracts.Events;
using Recorder.Contracts.Importing;
using Recorder.Plugins.Collectors.MacOS.Importing;
using Recorder.Tests.MacOS;
using Recorder.Tests.Shared;

namespace Recorder.Plugins.Collectors.MacOS.Tests;

/// <summary>BSM records become the events Linux records become, with the subject's identities and the process tree.</summary>
public sealed class BsmEventMapperTests
{
    private static string AppleTrail => Path.Combine(RepoPaths.SharedData, "macos-bsm", "plaso", "apple.bsm");

    private static (List<RecorderEvent> Events, ImportStatistics Statistics) Import(byte[] trail)
    {
        var context = new ImportContext("test.bsm", EventSchemas.All.Select(s => s.Name).ToHashSet(), CancellationToken.None);
        var events = new BsmImporter().Read(new MemoryStream(trail), context).ToList();
        return (events, context.Statistics);
    }

    [Fact]
    public void A_real_macOS_trail_gives_its_login_logout_and_authentications_with_the_audit_user_and_session()
    {
        var (events, statistics) = Import(File.ReadAllBytes(AppleTrail));

        Assert.Equal(54, statistics.Records);
        Assert.Equal(0, statistics.Malformed);
        var login = Assert.Single(events, e => e.Type == EventTypes.SessionLogin);
        Assert.Equal(501L, login.Get(EventSchemas.SessionLogin.Uid));
        Assert.Equal(100004L, login.Get(EventSchemas.SessionLogin.Id));
        Assert.Equal("loginwindow", login.Get(EventSchemas.SessionLogin.Service));
        Assert.Equal(501L, login.Process.LoginUid);
        Assert.Equal(67L, login.Process.Pid);
        var logout = Assert.Single(events, e => e.Type == EventTypes.SessionLogout);
        Assert.Equal(0x275L, logout.Get(EventSchemas.SessionLogout.Id));
        // OpenDirectory refused moxilo's password twice (return status 255, value 5000).
        var failures = events.Where(e => e.Type == EventTypes.AuthFailure).ToList();
        Assert.Equal(2, failures.Count);
        var refused = failures[0];
        Assert.Equal("moxilo", refused.Get(EventSchemas.AuthFailure.Account));
        Assert.Equal("auth_user", refused.Get(EventSchemas.AuthFailure.Service));
        Assert.Equal(EventOutcome.Failure, refused.Outcome);
        Assert.Equal(92L, refused.Process.Uid);
        Assert.Null(refused.Process.LoginUid); // auid unset: no one had logged in for this process
        Assert.Equal(1 + 20 + 14 + 1, events.Count(e => e.Type == EventTypes.AuthSuccess));
        // audit startup/shutdown/recovery, session updates and shutdown are records but not events.
        Assert.Equal(54 - events.Count, statistics.Skipped);
    }

    [Fact]
    public void Execs_carry_argv_and_their_parent_from_the_fork_or_spawn_that_made_them()
    {
        var (events, _) = Import(BsmTrailBuilder.Morning());

        var starts = events.Where(e => e.Type == EventTypes.ProcessStart).ToList();
        Assert.Equal(2, starts.Count);
        var zsh = starts[0];
        Assert.Equal("/bin/zsh", zsh.Process.Executable);
        Assert.Equal(["-zsh"], zsh.Process.Arguments!);
        Assert.Equal(700L, zsh.Process.Pid);
        Assert.Equal(1L, zsh.Process.ParentPid);
        Assert.Equal(1001L, zsh.Get(EventSchemas.ProcessStart.ImageInode));
        var curl = starts[1];
        Assert.Equal(702L, curl.Process.Pid);
        Assert.Equal(["curl", "-s", "https://example.org/a b"], curl.Process.Arguments!);
        Assert.Equal("curl -s \"https://example.org/a b\"", curl.Process.CommandLine);
        Assert.Equal(zsh.Process.ProcessGuid, curl.Process.ParentProcessGuid);
        Assert.Equal("/bin/zsh", curl.Process.ParentExecutable);
        Assert.Equal(501L, curl.Process.LoginUid);
        Assert.Equal(100004L, curl.Process.SessionId);

        var connect = Assert.Single(events, e => e.Type == EventTypes.NetworkConnect);
        Assert.Equal(curl.Process.ProcessGuid, connect.Process.ProcessGuid);
        Assert.Equal("/usr/bin/curl", connect.Process.Executable);
        Assert.Equal("93.184.216.34", connect.Get(EventSchemas.NetworkConnect.RemoteAddress));
        Assert.Equal(443L, connect.Get(EventSchemas.NetworkConnect.RemotePort));
        var exit = Assert.Single(events, e => e.Type == EventTypes.ProcessExit);
        Assert.Equal(curl.Process.ProcessGuid, exit.Process.ProcessGuid);
        Assert.Equal(0L, exit.Get(EventSchemas.ProcessExit.ExitCode));
    }

    [Fact]
    public void File_calls_map_by_event_number_and_a_refused_read_is_a_failure()
    {
        var (events, _) = Import(BsmTrailBuilder.Morning());

        Assert.Equal("/Users/alice/notes.txt", Assert.Single(events, e => e.Type == EventTypes.FileCreate).Get(EventSchemas.FileCreate.Path));
        var rename = Assert.Single(events, e => e.Type == EventTypes.FileRename);
        Assert.Equal("/Users/alice/notes.txt", rename.Get(EventSchemas.FileRename.OldPath));
        Assert.Equal("/Users/alice/notes-old.txt", rename.Get(EventSchemas.FileRename.Path));
        Assert.Equal("/Users/alice/notes-old.txt", Assert.Single(events, e => e.Type == EventTypes.FileDelete).Get(EventSchemas.FileDelete.Path));
        var reads = events.Where(e => e.Type == EventTypes.FileRead).ToList();
        Assert.Equal(["/etc/hosts", "/etc/master.passwd"], reads.Select(r => r.Get(EventSchemas.FileRead.Path)));
        Assert.Equal([EventOutcome.Success, EventOutcome.Failure], reads.Select(r => r.Outcome));
        Assert.Equal(-13L, reads[1].ResultCode);
        Assert.All(events.Where(e => e.Type.StartsWith("file.", StringComparison.Ordinal)), e => Assert.Equal("/bin/zsh", e.Process.Executable));
    }

    [Fact]
    public void Accept_gives_both_ends_and_bind_the_local_address()
    {
        var (events, _) = Import(BsmTrailBuilder.Morning());

        var accept = Assert.Single(events, e => e.Type == EventTypes.NetworkAccept);
        Assert.Equal(("10.0.0.9", 51022L, "10.0.0.5", 22L, "tcp"),
            (accept.Get(EventSchemas.NetworkAccept.RemoteAddress), accept.Get(EventSchemas.NetworkAccept.RemotePort),
             accept.Get(EventSchemas.NetworkAccept.LocalAddress), accept.Get(EventSchemas.NetworkAccept.LocalPort),
             accept.Get(EventSchemas.NetworkAccept.Transport)));
        Assert.Null(accept.Process.LoginUid);
        var bind = Assert.Single(events, e => e.Type == EventTypes.NetworkBind);
        Assert.Equal(("0.0.0.0", 8080L), (bind.Get(EventSchemas.NetworkBind.LocalAddress), bind.Get(EventSchemas.NetworkBind.LocalPort)));
    }

    [Fact]
    public void Process_guids_are_the_same_when_the_trail_is_imported_again()
    {
        var first = Import(BsmTrailBuilder.Morning()).Events.Select(e => e.Process.ProcessGuid).ToList();
        var second = Import(BsmTrailBuilder.Morning()).Events.Select(e => e.Process.ProcessGuid).ToList();
        Assert.Equal(first, second);
        Assert.DoesNotContain(Guid.Empty, first);
    }

    [Fact]
    public void The_importer_recognises_trails_by_their_first_bytes_not_their_name()
    {
        var importer = new BsmImporter();
        Assert.True(importer.Recognizes("evidence.txt", File.ReadAllBytes(AppleTrail).AsSpan(0, 4096)));
        Assert.True(importer.Recognizes("x", BsmTrailBuilder.Morning()));
        Assert.False(importer.Recognizes("audit.bsm", "type=SYSCALL msg=audit(1.2:3): arch=c000003e"u8));
        Assert.False(importer.Recognizes("audit.bsm", new byte[] { 0x14, 0, 0, 0, 0x30, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }));
    }
}

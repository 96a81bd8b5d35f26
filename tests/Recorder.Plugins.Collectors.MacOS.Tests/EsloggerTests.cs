using Recorder.Contracts.Events;
using Recorder.Contracts.Importing;
using Recorder.Plugins.Collectors.MacOS.Importing;

namespace Recorder.Plugins.Collectors.MacOS.Tests;

/// <summary>
/// eslogger's JSON lines, in both message versions: the audit token as an object (current) and as an array of eight
/// integers (older). The fixtures are written from Apple's documented field names (EndpointSecurity's es_message_t
/// and eslogger's JSON), not captured on a Mac; their event_type integers are deliberately not Apple's, because the
/// decoder dispatches on the event key.
/// </summary>
public sealed class EsloggerTests
{
    public static TheoryData<string> Fixtures => new("token-object-v7", "token-array-v4");

    private static (List<RecorderEvent> Events, ImportStatistics Statistics) Import(string fixture)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Data", $"eslogger-written-from-apple-docs-{fixture}.jsonl");
        var context = new ImportContext(path, EventSchemas.All.Select(s => s.Name).ToHashSet(), CancellationToken.None);
        return (new EsloggerImporter().Read(File.OpenRead(path), context).ToList(), context.Statistics);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Exec_has_argv_the_audit_token_identity_and_the_parent_from_the_fork(string fixture)
    {
        var (events, statistics) = Import(fixture);

        Assert.Equal(17, statistics.Records);
        Assert.Equal(0, statistics.Malformed);
        var exec = Assert.Single(events, e => e.Type == EventTypes.ProcessStart);
        Assert.Equal("/usr/bin/curl", exec.Process.Executable);
        Assert.Equal(["curl", "-s", "https://example.org/a b"], exec.Process.Arguments!);
        Assert.Equal((702L, 12L, 501L, 501L, 100004L), (exec.Process.Pid!.Value, exec.Process.PidVersion!.Value, exec.Process.LoginUid!.Value,
            exec.Process.Uid!.Value, exec.Process.SessionId!.Value));
        Assert.Equal(700L, exec.Process.ParentPid);
        Assert.Equal("/bin/zsh", exec.Process.ParentExecutable);
        Assert.NotEqual(Guid.Empty, exec.Process.ParentProcessGuid);
        Assert.Equal(1002L, exec.Get(EventSchemas.ProcessStart.ImageInode));
        var exit = Assert.Single(events, e => e.Type == EventTypes.ProcessExit);
        Assert.Equal(exec.Process.ProcessGuid, exit.Process.ProcessGuid);
        Assert.Equal(1L, exit.Get(EventSchemas.ProcessExit.ExitCode));
        var read = Assert.Single(events, e => e.Type == EventTypes.FileRead);
        Assert.Equal(("/etc/hosts", exec.Process.ProcessGuid), (read.Get(EventSchemas.FileRead.Path), read.Process.ProcessGuid));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void File_events_follow_a_file_from_create_to_unlink(string fixture)
    {
        var (events, _) = Import(fixture);

        Assert.Equal("/Users/alice/notes.txt", Assert.Single(events, e => e.Type == EventTypes.FileCreate).Get(EventSchemas.FileCreate.Path));
        Assert.Equal(2, events.Count(e => e.Type == EventTypes.FileWrite)); // write, and close of a modified file
        var rename = Assert.Single(events, e => e.Type == EventTypes.FileRename);
        Assert.Equal(("/Users/alice/notes.txt", "/Users/alice/notes-old.txt"),
            (rename.Get(EventSchemas.FileRename.OldPath), rename.Get(EventSchemas.FileRename.Path)));
        Assert.Equal("/Users/alice/notes-old.txt", Assert.Single(events, e => e.Type == EventTypes.FileDelete).Get(EventSchemas.FileDelete.Path));
        Assert.All(events.Where(e => e.Type.StartsWith("file.", StringComparison.Ordinal) && e.Type != EventTypes.FileRead),
            e => Assert.Equal("/bin/zsh", e.Process.Executable));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Kext_loads_authentications_logins_su_and_sudo(string fixture)
    {
        var (events, _) = Import(fixture);

        var kext = Assert.Single(events, e => e.Type == EventTypes.DriverLoad);
        Assert.Equal("com.example.driver", kext.Get(EventSchemas.DriverLoad.DriverName));
        Assert.Null(kext.Process.LoginUid); // auid 4294967295: not set
        var auth = Assert.Single(events, e => e.Type == EventTypes.AuthFailure);
        Assert.Equal(("alice", "od", "/Local/Default"), (auth.Get(EventSchemas.AuthFailure.Account), auth.Get(EventSchemas.AuthFailure.Method),
            auth.Get(EventSchemas.AuthFailure.Service)));
        var logins = events.Where(e => e.Type == EventTypes.SessionLogin).ToList();
        Assert.Equal(["login", "loginwindow", "sshd"], logins.Select(l => l.Get(EventSchemas.SessionLogin.Service)));
        Assert.All(logins, l => Assert.Equal("alice", l.Get(EventSchemas.SessionLogin.User)));
        Assert.Equal(501L, logins[0].Get(EventSchemas.SessionLogin.Uid));
        Assert.Equal(257L, logins[1].Get(EventSchemas.SessionLogin.Id));
        Assert.Equal("10.0.0.9", logins[2].Get(EventSchemas.SessionLogin.RemoteAddress));
        var logout = Assert.Single(events, e => e.Type == EventTypes.SessionLogout);
        Assert.Equal(501L, logout.Get(EventSchemas.SessionLogout.Uid));
        var privileges = events.Where(e => e.Type == EventTypes.PrivilegeChange).ToList();
        Assert.Equal(["su", "sudo"], privileges.Select(p => p.Get(EventSchemas.PrivilegeChange.Kind)));
        Assert.All(privileges, p => Assert.Equal(("root", 0L), (p.Get(EventSchemas.PrivilegeChange.TargetUser)!, p.Get(EventSchemas.PrivilegeChange.TargetUid)!.Value)));
        Assert.Equal("/bin/ls /var/root", privileges[1].Get(EventSchemas.PrivilegeChange.Command));
        Assert.Equal("su -", privileges[0].Get(EventSchemas.PrivilegeChange.Command));
    }

    [Fact]
    public void The_eslogger_kinds_asked_for_follow_the_subscriptions()
    {
        Assert.Equal(["exec", "exit", "fork"], EndpointSecurity.EsloggerSelection.For([EventTypes.ProcessStart]));
        Assert.Equal(["close", "exec", "exit", "fork", "kextload", "write"],
            EndpointSecurity.EsloggerSelection.For([EventTypes.FileWrite, EventTypes.DriverLoad]));
        Assert.Empty(EndpointSecurity.EsloggerSelection.For([EventTypes.NetworkConnect, EventTypes.DnsQuery]));
    }

    [Fact]
    public void Both_versions_give_the_same_events_and_process_guids()
    {
        var current = Import("token-object-v7").Events;
        var older = Import("token-array-v4").Events;
        Assert.Equal(current.Select(e => (e.Type, e.Process.ProcessGuid)), older.Select(e => (e.Type, e.Process.ProcessGuid)));
    }

    [Fact]
    public void A_line_that_is_not_a_message_is_counted_with_its_line_number()
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Data", "eslogger-written-from-apple-docs-token-object-v7.jsonl")).ToList();
        lines.Insert(2, "{\"time\":\"2026-11-20T09:00:00Z\",\"process\":{\"audit_token\":[1,2,3]},\"event\":{\"exit\":{\"stat\":0}}}");
        lines.Insert(4, "{not json");
        var context = new ImportContext("x.jsonl", EventSchemas.All.Select(s => s.Name).ToHashSet(), CancellationToken.None);

        var events = new EsloggerImporter().Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines))), context).ToList();

        Assert.Equal(2, context.Statistics.Malformed);
        Assert.StartsWith("line 3: audit_token array has 3 integers, not 8", context.Statistics.Problems[0]);
        Assert.StartsWith("line 5: ", context.Statistics.Problems[1]);
        Assert.Equal(Import("token-object-v7").Events.Count, events.Count);
        Assert.True(new EsloggerImporter().Recognizes("x", System.Text.Encoding.UTF8.GetBytes(lines[0])));
    }
}

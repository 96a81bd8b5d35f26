using Recorder.Contracts.Events;

namespace Recorder.Contracts.Tests.Ecs;

/// <summary>
/// Events of every type with the values real collectors write (a Linux process in an ssh session, or a Windows one
/// with a SID), so ECS documents are checked with every field present.
/// </summary>
internal static class RealisticEvents
{
    private const string Sha256 = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private static readonly Dictionary<string, object> ValuesByField = new(StringComparer.Ordinal)
    {
        ["process.argc"] = 3L, ["process.image_inode"] = 247436L, ["process.exec_path"] = "/usr/bin/ls", ["process.exit_code"] = 0L,
        ["file.path"] = "/home/alice/report.txt", ["file.target_path"] = "/home/alice/report.old", ["file.old_path"] = "/home/alice/draft.txt",
        ["file.rule_key"] = "recorder-test", ["file.mode"] = "0640", ["file.owner_uid"] = 1000L, ["file.owner_gid"] = 100L,
        ["network.transport"] = "tcp", ["network.family"] = "inet", ["network.local_address"] = "10.0.0.5", ["network.local_port"] = 51234L,
        ["network.remote_address"] = "93.184.216.34", ["network.remote_port"] = 443L, ["network.unix_path"] = "/run/dbus/system_bus_socket",
        ["image.path"] = @"C:\Windows\System32\kernel32.dll", ["image.hash"] = Sha256, ["image.base"] = 140712345600000L, ["image.size"] = 1216512L,
        ["driver.name"] = "nf_tables", ["driver.path"] = "/lib/modules/6.1.0-27-amd64/kernel/net/netfilter/nf_tables.ko", ["driver.hash"] = Sha256, ["driver.signature"] = "Valid",
        ["registry.key"] = @"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Run", ["registry.value"] = "Updater",
        ["registry.data"] = @"C:\Users\alice\AppData\updater.exe", ["registry.new_key"] = @"HKLM\SOFTWARE\Acme\Renamed",
        ["auth.account"] = "alice", ["auth.method"] = "publickey", ["auth.service"] = "sshd", ["auth.terminal"] = "ssh",
        ["auth.remote_address"] = "192.0.2.10", ["auth.remote_host"] = "laptop.example.org", ["auth.message"] = "PAM:authentication",
        ["privilege.kind"] = "su", ["privilege.target_user"] = "root", ["privilege.target_uid"] = 0L, ["privilege.command"] = "/bin/bash",
        ["session.user"] = "alice", ["session.uid"] = 1000L, ["session.id"] = 13L, ["session.terminal"] = "/dev/pts/0",
        ["session.remote_address"] = "2001:db8::10", ["session.remote_host"] = "laptop.example.org", ["session.service"] = "sshd",
        ["dns.name"] = "example.com", ["dns.type"] = "AAAA", ["dns.status"] = 3L, ["dns.answers"] = "93.184.216.34;2606:2800:220:1::248",
        ["http.url"] = "https://example.com/index.html", ["http.method"] = "GET", ["http.headers"] = "Host: example.com", ["http.direction"] = "request",
        ["loss.count"] = 12L, ["loss.unit"] = "events", ["loss.reason"] = "queue full", ["loss.source"] = "linux-audit",
        ["loss.first_time"] = new DateTime(2026, 11, 24, 22, 55, 30, DateTimeKind.Utc), ["loss.last_time"] = new DateTime(2026, 11, 24, 22, 55, 33, DateTimeKind.Utc),
    };

    /// <summary>A live Linux event of <paramref name="schema"/> with every field set.</summary>
    public static RecorderEvent Linux(EventSchema schema)
    {
        var e = WithFields(schema);
        var p = e.Process;
        p.Uid = 0; p.UserName = "root"; p.EffectiveUid = 0; p.EffectiveUserName = "root"; p.Gid = 0; p.GroupName = "root";
        p.LoginUid = 1000; p.LoginUserName = "alice"; p.SessionId = 13; p.Terminal = "pts0";
        p.ContainerId = "4f66ad9a0b2bc3c4bf6e1a5a6bf8c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6";
        p.Ancestors = [new(Guid.NewGuid(), 812, "/usr/sbin/sshd", "sshd: alice [priv]", "root"), new(Guid.NewGuid(), 1, "/usr/lib/systemd/systemd", null, "root")];
        e.Tags["audit.key"] = "recorder-test";
        return e;
    }

    /// <summary>A Windows event (user by SID and domain, logon id, integrity level) of <paramref name="schema"/>.</summary>
    public static RecorderEvent Windows(EventSchema schema)
    {
        var e = WithFields(schema);
        var p = e.Process;
        p.Executable = @"C:\Windows\System32\cmd.exe"; p.CommandLine = "cmd.exe /c whoami"; p.Arguments = ["cmd.exe", "/c", "whoami"];
        p.UserSid = "S-1-5-21-3623811015-3361044348-30300820-1013"; p.UserName = "alice"; p.UserDomain = "CORP";
        p.LogonId = 0x3e7; p.TerminalSessionId = 1; p.IntegrityLevel = "high";
        e.Tags["windows.computer"] = "ws01.corp.example";
        return e;
    }

    /// <summary>A Linux event replayed from a recorded log of another machine.</summary>
    public static RecorderEvent Replayed(EventSchema schema)
    {
        var e = Linux(schema);
        e.Replay = new ReplayOrigin("audit-log:5c1e0d8a", "web01");
        return e;
    }

    private static RecorderEvent WithFields(EventSchema schema)
    {
        var e = new RecorderEvent(schema)
        {
            Id = 4711,
            Time = new DateTime(2026, 11, 24, 22, 55, 33, 851, DateTimeKind.Utc).AddTicks(1234),
            Collector = "linux-audit",
            Outcome = EventOutcome.Success,
            ResultCode = 0,
        };
        var p = e.Process;
        p.ProcessGuid = Guid.Parse("6f1c1b1e-3a41-5d7e-9c11-0a6f3f2b4c5d");
        p.Pid = 4242; p.StartTime = new DateTime(2026, 11, 24, 22, 55, 30, DateTimeKind.Utc);
        p.Executable = "/usr/bin/curl"; p.CommandLine = "curl -s https://example.com"; p.Arguments = ["curl", "-s", "https://example.com"];
        p.WorkingDirectory = "/home/alice"; p.ExecutableHash = Sha256;
        p.ParentProcessGuid = Guid.Parse("0a6f3f2b-4c5d-5d7e-9c11-6f1c1b1e3a41"); p.ParentPid = 4100;
        p.ParentExecutable = "/usr/bin/bash"; p.ParentCommandLine = "-bash";
        foreach (var field in schema.Fields) e[field] = ValueOf(field);
        return e;
    }

    private static object ValueOf(EventField field) => ValuesByField.TryGetValue(field.Name, out var value) ? value : field.Type switch
    {
        FieldType.Int64 => 7L,
        FieldType.Boolean => true,
        FieldType.Double => 1.5,
        FieldType.Timestamp => new DateTime(2026, 11, 24, 22, 55, 33, DateTimeKind.Utc),
        FieldType.Guid => Guid.Parse("11111111-2222-5333-8444-555555555555"),
        FieldType.IpAddress => "192.0.2.1",
        FieldType.StringList => new[] { "a", "b" },
        _ => "value of " + field.Name,
    };
}

using System.Text.Json;
using System.Text.RegularExpressions;
using Recorder.Contracts.Events;
using Recorder.Linux.Audit.Normalization;
using Recorder.Linux.Audit.Tests.Parsing;

namespace Recorder.Linux.Audit.Tests.Normalization;

/// <summary>
/// go-libaudit's normalisation cases (aucoalesce/testdata: *.yaml records with *.json.golden events). For each
/// case whose action maps to one of our event types we must produce exactly that event, agreeing with the golden
/// on outcome, process, login uid, session, arguments, the file, the socket address or the remote address. Cases
/// outside our schemas (time changes, firewall, AVC, mounts, ...) must produce nothing.
/// </summary>
public partial class AucoalesceGoldenTests
{
    [GeneratedRegex(@"^  (?<name>[^ #].*?):\s*[>|]-?\s*$")]
    private static partial Regex TestName();

    [GeneratedRegex(@"^\s{4,}(?<record>(node=\S+ )?type=.*)$")]
    private static partial Regex RecordLine();

    private static readonly Dictionary<string, string> TypeByAction = new()
    {
        ["executed"] = EventTypes.ProcessStart,
        ["renamed"] = EventTypes.FileRename,
        ["deleted"] = EventTypes.FileDelete,
        ["accepted-connection-from"] = EventTypes.NetworkAccept,
        ["connected-to"] = EventTypes.NetworkConnect,
        ["listen-for-connections"] = EventTypes.NetworkListen,
        ["started-session"] = EventTypes.SessionLogin,
        ["ended-session"] = EventTypes.SessionLogout,
        ["logged-out"] = EventTypes.SessionLogout,
        ["changed-login-id-to"] = EventTypes.SessionLogin,
        ["ran-command"] = EventTypes.PrivilegeChange,
    };

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var golden in Directory.GetFiles(Path.Combine(AuditCorpus.Root, "go-libaudit", "aucoalesce", "testdata"), "*.json.golden").Order())
        {
            using var json = JsonDocument.Parse(File.ReadAllText(golden));
            foreach (var c in json.RootElement.EnumerateArray()) data.Add(Path.GetFileName(golden) + "|" + c.GetProperty("test_name").GetString());
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_the_golden_normalisation(string id)
    {
        var (goldenFile, testName) = (id[..id.IndexOf('|')], id[(id.IndexOf('|') + 1)..]);
        var dir = Path.Combine(AuditCorpus.Root, "go-libaudit", "aucoalesce", "testdata");
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, goldenFile)));
        var golden = json.RootElement.EnumerateArray().Single(c => c.GetProperty("test_name").GetString() == testName).GetProperty("event");
        var records = ReadCase(Path.Combine(dir, goldenFile.Replace(".json.golden", ".yaml")), testName);

        var normalizer = new AuditEventNormalizer();
        var events = new List<RecorderEvent>();
        AuditCorpus.Assemble(string.Join('\n', records), g => normalizer.Normalize(g, events));

        var action = golden.TryGetProperty("summary", out var summary) && summary.TryGetProperty("action", out var a) ? a.GetString() : null;
        var recordType = golden.GetProperty("record_type").GetString();
        var success = golden.GetProperty("result").GetString() == "success";
        var expectedType = action switch
        {
            "logged-in" => success ? EventTypes.SessionLogin : EventTypes.AuthFailure,
            "authenticated" or "was-authorized" => success ? EventTypes.AuthSuccess : EventTypes.AuthFailure,
            _ when action is not null && TypeByAction.TryGetValue(action, out var t) => t,
            _ => null,
        };
        if (recordType == "user_start" && events.Count == 2) events.RemoveAll(e => e.Type == EventTypes.PrivilegeChange); // su also yields one

        if (expectedType is null)
        {
            if (recordType == "avc")
            {
                // go-libaudit files the event under the AVC record; the syscall that came with it (an unlink here)
                // still happened, and we report that syscall.
                Assert.All(events, e => Assert.Equal(long.Parse(golden.GetProperty("process").GetProperty("pid").GetString()!), e.Process.Pid));
                return;
            }
            Assert.Empty(events);
            return;
        }
        var ev = Assert.Single(events);
        Assert.Equal(expectedType, ev.Type);
        Assert.Equal(success ? EventOutcome.Success : EventOutcome.Failure, ev.Outcome);

        if (golden.TryGetProperty("process", out var process) && process.ValueKind == JsonValueKind.Object)
        {
            if (process.TryGetProperty("pid", out var pid)) Assert.Equal(long.Parse(pid.GetString()!), ev.Process.Pid);
            if (process.TryGetProperty("ppid", out var ppid)) Assert.Equal(long.Parse(ppid.GetString()!), ev.Process.ParentPid);
            if (process.TryGetProperty("exe", out var exe)) Assert.Equal(exe.GetString(), ev.Process.Executable);
            if (process.TryGetProperty("cwd", out var cwd)) Assert.Equal(cwd.GetString(), ev.Process.WorkingDirectory);
            if (process.TryGetProperty("args", out var args))
                Assert.Equal(args.EnumerateArray().Select(x => x.GetString()!), CommandLine.Split(ev.Process.CommandLine!));
        }
        if (golden.GetProperty("user").GetProperty("ids").TryGetProperty("auid", out var auid))
            Assert.Equal(auid.GetString() == "unset" ? null : long.Parse(auid.GetString()!), ev.Process.LoginUid);
        if (golden.TryGetProperty("session", out var session) && ev.Type != EventTypes.SessionLogin)
            Assert.Equal(session.GetString() == "unset" ? null : long.Parse(session.GetString()!), ev.Process.SessionId);

        var primary = summary.GetProperty("object").TryGetProperty("primary", out var p) ? p.GetString() : null;
        var secondary = summary.GetProperty("object").TryGetProperty("secondary", out var s) ? s.GetString() : null;
        switch (ev.Type)
        {
            case EventTypes.FileDelete:
                Assert.Equal(primary, ev["file.path"]);
                break;
            case EventTypes.FileRename:
                // go-libaudit names the file that was renamed (the old name); we keep both.
                Assert.Equal(primary, ev["file.old_path"]);
                Assert.Equal(records.Select(r => Regex.Match(r, "name=\"([^\"]*)\"[^\n]*nametype=CREATE")).Single(m => m.Success).Groups[1].Value, ev["file.path"]);
                break;
            case EventTypes.NetworkConnect:
            case EventTypes.NetworkAccept:
                Assert.Equal(primary, ev["network.remote_address"]);
                Assert.Equal(long.Parse(secondary!), ev["network.remote_port"]);
                break;
            case EventTypes.SessionLogin when recordType == "user_login":
                Assert.Equal(secondary, ev["session.remote_address"]);
                break;
            case EventTypes.AuthFailure when recordType == "user_login":
                Assert.Equal(secondary, ev["auth.remote_address"]);
                break;
            case EventTypes.PrivilegeChange:
                Assert.Equal(golden.GetProperty("data").GetProperty("cmd").GetString(), ev["privilege.command"]);
                break;
        }
    }

    /// <summary>The record lines of one case of a go-libaudit test YAML (one record per line).</summary>
    private static List<string> ReadCase(string yaml, string testName)
    {
        var records = new List<string>();
        var inCase = false;
        foreach (var line in File.ReadLines(yaml))
        {
            var name = TestName().Match(line);
            if (name.Success) { inCase = name.Groups["name"].Value.Trim('"', '\'') == testName; continue; }
            if (!inCase) continue;
            var record = RecordLine().Match(line);
            if (record.Success) records.Add(record.Groups["record"].Value);
        }
        Assert.NotEmpty(records);
        return records;
    }
}

using System.Text.Json;
using Recorder.Contracts.Ecs;
using Recorder.Contracts.Events;
using Recorder.Linux.Audit.Replay;
using Recorder.Tests.Ecs;
using Recorder.Tests.Shared;

namespace Recorder.Linux.Audit.Tests.Normalization;

/// <summary>
/// The events of a real recorded audit log (Data/live-actions.log: execs, file changes, connections, su with its
/// PAM records) written as ECS documents validate against the pinned ECS release, with the values where a SIEM
/// reads them.
/// </summary>
public class RecordedEventsAsEcsTests
{
    private static string LogPath => Path.Combine(RepoPaths.Root, "tests", "Recorder.Linux.Audit.Tests", "Normalization", "Data", "live-actions.log");

    private static List<RecorderEvent> Replay()
    {
        using var stream = File.OpenRead(LogPath);
        return new AuditLogReplayer().Replay(stream, new ReplayStats()).ToList();
    }

    [Fact]
    public void Every_recorded_event_is_a_valid_ecs_document()
    {
        var events = Replay();
        Assert.True(events.Select(e => e.Type).Distinct().Count() >= 8, "the recording covers too few event types");
        var validator = new EcsDocumentValidator(EcsFieldDefinitions.Current);
        foreach (var e in events)
        {
            var problems = validator.Validate(JsonDocument.Parse(EcsDocument.ToUtf8(e, EcsHostInfo.Current)).RootElement);
            Assert.True(problems.Count == 0, $"{e}:\n" + string.Join("\n", problems));
        }
    }

    [Fact]
    public void A_recorded_exec_keeps_its_exact_arguments_and_its_login_user()
    {
        var echo = Replay().Single(e => e.Type == EventTypes.ProcessStart && e.Process.Executable == "/usr/bin/echo");
        var doc = JsonDocument.Parse(EcsDocument.ToUtf8(echo)).RootElement;
        var process = doc.GetProperty("process");
        Assert.Equal(echo.Process.Arguments, process.GetProperty("args").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(6, process.GetProperty("args_count").GetInt64());
        Assert.Equal("1000", doc.GetProperty("user").GetProperty("audit").GetProperty("id").GetString());
        Assert.Equal("cloudsdk", doc.GetProperty("user").GetProperty("audit").GetProperty("name").GetString());
        Assert.Equal("recorder-test", doc.GetProperty("labels").GetProperty("audit_key").GetString());
        Assert.Equal("2026-11-24T22:55:33.851Z", doc.GetProperty("@timestamp").GetString());
    }
}

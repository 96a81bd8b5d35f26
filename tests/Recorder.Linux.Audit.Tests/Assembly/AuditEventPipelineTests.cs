using System.Text;
using System.Text.RegularExpressions;
using Recorder.Contracts.Events;
using Recorder.Linux.Audit.Assembly;
using Recorder.Linux.Audit.Parsing;
using Recorder.Linux.Audit.Replay;
using Recorder.Tests.Shared;

namespace Recorder.Linux.Audit.Tests.Assembly;

public class AuditEventPipelineTests
{
    private static string LiveLog => Path.Combine(RepoPaths.Root, "tests", "Recorder.Linux.Audit.Tests", "Normalization", "Data", "live-actions.log");

    private static string Describe(RecorderEvent e) =>
        $"{e.Type} {e.Time:O} {e.Outcome} {e.ResultCode} {e.Process.Pid} {e.Process.Executable} {e.Process.CommandLine} " +
        string.Join(",", e.Schema.Fields.Select(f => e[f]?.ToString() ?? "-"));

    [Fact]
    public void Netlink_records_give_the_same_events_as_the_log_lines_they_were_written_as()
    {
        // The kernel sends "audit(...): body" with the type in the netlink header; auditd writes
        // "type=NAME msg=audit(...): body". Feed the same records both ways.
        var header = new Regex(@"^type=(\S+) msg=(audit\(.*)$", RegexOptions.Singleline);
        var viaNetlink = new List<RecorderEvent>();
        var pipeline = new AuditEventPipeline(viaNetlink.Add);
        foreach (var line in File.ReadAllLines(LiveLog))
        {
            var m = header.Match(line);
            Assert.True(m.Success, line);
            Assert.True(AuditRecordTypeNames.TryGetType(Encoding.ASCII.GetBytes(m.Groups[1].Value), out var type));
            var body = Encoding.UTF8.GetBytes(m.Groups[2].Value + "\0");
            Assert.True(pipeline.PushNetlink(type, body, 0, out var error), error.Describe());
        }
        pipeline.FlushAll();

        using var stream = File.OpenRead(LiveLog);
        var viaLog = new AuditLogReplayer().Replay(stream, new ReplayStats()).ToList();

        Assert.NotEmpty(viaNetlink);
        Assert.Equal(viaLog.Select(Describe).Order(), viaNetlink.Select(Describe).Order());
        Assert.Equal(File.ReadAllLines(LiveLog).Length, pipeline.Counters.Received);
        Assert.Equal(viaNetlink.Count, pipeline.Counters.EventsNormalized);
    }

    [Fact]
    public void Malformed_netlink_payload_is_counted_and_the_stream_goes_on()
    {
        var events = new List<RecorderEvent>();
        var pipeline = new AuditEventPipeline(events.Add);
        Assert.False(pipeline.PushNetlink(1300, "garbage"u8, 0, out var error));
        Assert.Equal(AuditParseError.MissingHeader, error);
        Assert.True(pipeline.PushNetlink(1100, "audit(1700000000.000:1): pid=1 uid=0 auid=4294967295 ses=4294967295 msg='op=PAM:authentication acct=\"bob\" exe=\"/usr/sbin/sshd\" hostname=10.0.0.9 addr=10.0.0.9 terminal=ssh res=failed'"u8, 0, out _));
        Assert.Equal(1, pipeline.Counters.Malformed);
        Assert.Equal(2, pipeline.Counters.Received);
        var ev = Assert.Single(events);
        Assert.Equal(EventTypes.AuthFailure, ev.Type);
        Assert.Equal("10.0.0.9", ev["auth.remote_address"]);
    }

    [Fact]
    public void A_failing_event_factory_costs_that_event_only()
    {
        var events = new List<RecorderEvent>();
        var calls = 0;
        var pipeline = new AuditEventPipeline(events.Add, create: schema => ++calls == 1 ? throw new InvalidOperationException("boom") : new RecorderEvent(schema));
        const string auth = "audit(1700000000.000:SERIAL): pid=1 uid=0 auid=4294967295 ses=4294967295 msg='op=PAM:authentication acct=\"bob\" exe=\"/usr/sbin/sshd\" hostname=? addr=? terminal=ssh res=failed'";
        Assert.True(pipeline.PushNetlink(1100, Encoding.ASCII.GetBytes(auth.Replace("SERIAL", "1")), 0, out _));
        Assert.True(pipeline.PushNetlink(1100, Encoding.ASCII.GetBytes(auth.Replace("SERIAL", "2")), 0, out _));
        Assert.Single(events);
        Assert.Equal(1, pipeline.Counters.NormalizeErrors);
        Assert.Equal("boom", pipeline.LastNormalizeError?.Message);
    }

    [Fact]
    public void Idle_flush_completes_an_event_whose_eoe_never_came()
    {
        var events = new List<RecorderEvent>();
        var pipeline = new AuditEventPipeline(events.Add, assemblerOptions: new AuditAssemblerOptions { TimeoutMilliseconds = 2000 });
        Assert.True(pipeline.PushLine("type=SYSCALL msg=audit(1700000000.000:5): arch=c000003e syscall=231 a0=0 ppid=1 pid=9 auid=1000 uid=1000 gid=1000 euid=1000 ses=1 tty=pts0 comm=\"x\" exe=\"/x\" key=(null)"u8, 100, out _));
        pipeline.Flush(1000);
        Assert.Empty(events);
        pipeline.Flush(2100);
        Assert.Equal(EventTypes.ProcessExit, Assert.Single(events).Type);
        Assert.Equal(1, pipeline.Counters.TimedOut);
    }
}

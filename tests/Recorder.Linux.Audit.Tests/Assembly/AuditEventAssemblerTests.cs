using System.Text;
using Recorder.Linux.Audit.Assembly;
using Recorder.Linux.Audit.Parsing;
using Recorder.Linux.Audit.Tests.Parsing;

namespace Recorder.Linux.Audit.Tests.Assembly;

public class AuditEventAssemblerTests
{
    /// <summary>Serial and record types of each completed group, in completion order.</summary>
    private static (List<(uint Serial, int[] Types, AuditGroupCompletion How)> Groups, AuditPipelineCounters Counters) Run(string goLibauditLog, AuditAssemblerOptions? options = null)
    {
        var groups = new List<(uint, int[], AuditGroupCompletion)>();
        var counters = AuditCorpus.Assemble(AuditCorpus.Lines(AuditCorpus.GoLibaudit(goLibauditLog)),
            g => groups.Add((g.Serial, g.Records.Select(r => r.Type).ToArray(), g.Completion)), options);
        return (groups, counters);
    }

    private static readonly int[] Syscall = [AuditRecordType.Syscall];

    [Fact]
    public void Normal_log_gives_five_events_and_no_gaps()
    {
        var (groups, counters) = Run("testdata/normal.log");
        Assert.Equal([58u, 59u, 60u, 61u, 62u], groups.Select(g => g.Serial).Order());
        Assert.Equal(0, counters.SequenceGaps);
        Assert.Equal([2, 5, 5, 4, 1], groups.OrderBy(g => g.Serial).Select(g => g.Types.Length));
    }

    [Fact]
    public void Lost_messages_are_counted_as_a_sequence_gap()
    {
        // Serial 49 is followed by 59: 50..58 were lost.
        var (groups, counters) = Run("testdata/lost_messages.log");
        Assert.Equal(5, groups.Count);
        Assert.Equal(9, counters.SequenceGaps);
    }

    [Fact]
    public void Out_of_order_records_still_join_their_own_event()
    {
        // The shuffled log puts a record of serial 60 after serial 61, whose timestamp is 7.8 s later: with the
        // record time as the clock that is past the default 2 s timeout (60 would be handed over without it, and
        // the straggler counted late). A 10 s timeout is what this log needs to be read as go-libaudit reads it.
        var options = new AuditAssemblerOptions { TimeoutMilliseconds = 10_000 };
        var (normal, _) = Run("testdata/normal.log", options);
        var (shuffled, counters) = Run("testdata/out_of_order.log", options);
        Assert.Equal(0, counters.SequenceGaps);
        Assert.Equal(0, counters.LateRecords);
        var expected = normal.OrderBy(g => g.Serial).Select(g => (g.Serial, string.Join(",", g.Types.Order()))).ToList();
        var actual = shuffled.OrderBy(g => g.Serial).Select(g => (g.Serial, string.Join(",", g.Types.Order()))).ToList();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Out_of_order_straggler_past_the_timeout_is_counted_late_not_lost()
    {
        var (groups, counters) = Run("testdata/out_of_order.log");
        Assert.Equal(1, counters.LateRecords);
        // Every record is still handed over: 17 records in 5 events plus the straggler on its own.
        Assert.Equal(17, groups.Sum(g => g.Types.Length));
    }

    [Fact]
    public void Sequence_rollover_at_two_to_the_32_is_not_a_gap()
    {
        var (groups, counters) = Run("testdata/rollover.log");
        Assert.Equal([4294967294u, 4294967295u, 0u, 1u, 2u], groups.Select(g => g.Serial));
        Assert.Equal(0, counters.SequenceGaps);
    }

    [Fact]
    public void A_gap_across_the_wrap_is_counted()
    {
        var counters = AuditCorpus.Assemble("""
            type=SYSCALL msg=audit(1.000:4294967295): arch=c000003e syscall=2
            type=SYSCALL msg=audit(1.000:2): arch=c000003e syscall=2
            """, _ => { });
        Assert.Equal(2, counters.SequenceGaps); // 0 and 1 are missing
    }

    [Fact]
    public void Eoe_completes_the_event_at_once_and_interleaved_records_go_to_their_own_event()
    {
        var completed = new List<(uint Serial, int Count)>();
        var assembler = new AuditEventAssembler(g => completed.Add((g.Serial, g.Count)));
        var parser = new AuditRecordParser();
        void Push(string line)
        {
            var r = assembler.Pool.Rent();
            Assert.True(parser.TryParseLine(Encoding.UTF8.GetBytes(line), r, out _));
            assembler.Push(r, 0);
        }
        // EXECVE/PATH of 10, then SYSCALL of 11, then PROCTITLE of 10: 11 must not flush 10.
        Push("type=SYSCALL msg=audit(1.000:10): arch=c000003e syscall=59");
        Push("type=EXECVE msg=audit(1.000:10): argc=1 a0=\"ls\"");
        Push("type=SYSCALL msg=audit(1.000:11): arch=c000003e syscall=59");
        Push("type=PROCTITLE msg=audit(1.000:10): proctitle=\"ls\"");
        Assert.Empty(completed);
        Assert.Equal(2, assembler.InFlight);
        Push("type=EOE msg=audit(1.000:10): ");
        Assert.Equal([(10u, 3)], completed);
        Push("type=EOE msg=audit(1.000:11): ");
        Assert.Equal([(10u, 3), (11u, 1)], completed);
        Assert.Equal(0, assembler.InFlight);
    }

    [Fact]
    public void User_space_messages_stand_alone()
    {
        var completed = new List<uint>();
        AuditCorpus.Assemble("""
            type=USER_AUTH msg=audit(1.000:5): pid=1 uid=0 auid=4294967295 ses=4294967295 msg='op=PAM:authentication acct="bob" exe="/usr/bin/su" hostname=? addr=? terminal=pts/0 res=failed'
            """, g => completed.Add(g.Serial));
        Assert.Equal([5u], completed);
    }

    [Fact]
    public void An_event_without_eoe_completes_after_the_timeout_on_the_callers_clock()
    {
        var completed = new List<AuditGroupCompletion>();
        var assembler = new AuditEventAssembler(g => completed.Add(g.Completion), options: new AuditAssemblerOptions { TimeoutMilliseconds = 2000 });
        var r = assembler.Pool.Rent();
        Assert.True(new AuditRecordParser().TryParseLine("type=SYSCALL msg=audit(1.000:1): arch=c000003e syscall=2"u8, r, out _));
        assembler.Push(r, 10_000);
        assembler.Flush(11_999);
        Assert.Empty(completed);
        assembler.Flush(12_000);
        Assert.Equal([AuditGroupCompletion.TimedOut], completed);
        Assert.Equal(1, assembler.Counters.TimedOut);
    }

    [Fact]
    public void Too_many_events_in_flight_evict_the_oldest_and_count_it()
    {
        var completed = new List<uint>();
        var assembler = new AuditEventAssembler(g => completed.Add(g.Serial), options: new AuditAssemblerOptions { MaxInFlight = 2 });
        var parser = new AuditRecordParser();
        for (uint serial = 1; serial <= 3; serial++)
        {
            var r = assembler.Pool.Rent();
            Assert.True(parser.TryParseLine(Encoding.ASCII.GetBytes($"type=SYSCALL msg=audit(1.000:{serial}): arch=c000003e syscall=2"), r, out _));
            assembler.Push(r, 0);
        }
        Assert.Equal([1u], completed);
        Assert.Equal(1, assembler.Evicted);
        Assert.Equal(2, assembler.InFlight);
    }

    [Fact]
    public void An_event_that_grows_past_the_record_cap_is_handed_over_early()
    {
        var sizes = new List<int>();
        var lines = string.Join('\n', Enumerable.Range(0, 7).Select(i => $"type=PATH msg=audit(1.000:3): item={i} name=\"/f{i}\""));
        var counters = AuditCorpus.Assemble(lines, g => sizes.Add(g.Count), new AuditAssemblerOptions { MaxRecordsPerEvent = 3 });
        Assert.Equal([3, 3, 1], sizes);
        Assert.Equal(2, counters.Evicted);
    }

    [Fact]
    public void A_pre_grouped_stream_completes_each_event_when_the_next_one_starts()
    {
        // auditd writes (and dispatches) events whole and without EOE, as in this log recorded on this machine.
        var path = Path.Combine(Recorder.Tests.Shared.RepoPaths.Root, "tests", "Recorder.Linux.Audit.Tests", "Normalization", "Data", "live-actions.log");
        var grouped = new List<(uint, int)>();
        var byTimeout = new List<(uint, int)>();
        var c1 = AuditCorpus.Assemble(AuditCorpus.Lines(path), g => grouped.Add((g.Serial, g.Count)), new AuditAssemblerOptions { CompleteWhenNextEventStarts = true });
        AuditCorpus.Assemble(AuditCorpus.Lines(path), g => byTimeout.Add((g.Serial, g.Count)));
        Assert.Equal(byTimeout.OrderBy(g => g.Item1), grouped.OrderBy(g => g.Item1));
        Assert.Equal(0, c1.TimedOut);
        Assert.Equal(0, c1.LateRecords);
    }

    [Fact]
    public void A_record_arriving_after_its_event_was_handed_over_is_counted_late()
    {
        var counters = AuditCorpus.Assemble("""
            type=SYSCALL msg=audit(1.000:7): arch=c000003e syscall=2
            type=EOE msg=audit(1.000:7):
            type=SYSCALL msg=audit(1.000:8): arch=c000003e syscall=2
            type=PROCTITLE msg=audit(1.000:7): proctitle="late"
            """, _ => { });
        Assert.Equal(1, counters.LateRecords);
        Assert.Equal(0, counters.SequenceGaps);
    }

    [Fact]
    public void Laurel_logs_with_eoe_assemble_into_whole_events()
    {
        var groups = new List<int>();
        var counters = AuditCorpus.Assemble(AuditCorpus.Lines(AuditCorpus.Laurel("record-execve-long.txt")), g =>
        {
            Assert.Equal(AuditGroupCompletion.EndOfEvent, g.Completion);
            groups.Add(g.Count);
        });
        // SYSCALL, 3 x EXECVE, CWD, 2 x PATH, PROCTITLE (the EOE itself is not kept)
        Assert.Equal([8], groups);
        Assert.Equal(0, counters.Malformed);
    }
}

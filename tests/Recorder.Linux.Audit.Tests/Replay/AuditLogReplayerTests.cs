using System.Text;
using Recorder.Contracts.Events;
using Recorder.Linux.Audit.Replay;
using Recorder.Linux.Audit.Tests.Parsing;
using Recorder.Tests.Shared;

namespace Recorder.Linux.Audit.Tests.Replay;

public class AuditLogReplayerTests
{
    private static string LiveLog => Path.Combine(RepoPaths.Root, "tests", "Recorder.Linux.Audit.Tests", "Normalization", "Data", "live-actions.log");

    private static (List<RecorderEvent> Events, ReplayStats Stats) Replay(byte[] log)
    {
        var stats = new ReplayStats();
        var events = new AuditLogReplayer().Replay(new MemoryStream(log), stats).ToList();
        return (events, stats);
    }

    private static string Describe(RecorderEvent e) => $"{e.Type} {e.Time:O} {e.Process.Pid} {e.Process.CommandLine}";

    [Fact]
    public void Malformed_lines_are_reported_with_line_numbers_and_nothing_else_is_lost()
    {
        var clean = File.ReadAllBytes(LiveLog);
        var lines = Encoding.UTF8.GetString(clean).Split('\n').ToList();
        // Damage the log: garbage at line 3, a line cut in its header at line 10, an unknown type at line 40.
        lines.Insert(2, "this is not an audit record");
        lines.Insert(9, "type=SYSCALL msg=audit(1795560933.8");
        lines.Insert(39, "type=MADE_UP msg=audit(1795560933.851:1): x=1");
        var damaged = Encoding.UTF8.GetBytes(string.Join('\n', lines));

        var (expected, cleanStats) = Replay(clean);
        var (actual, stats) = Replay(damaged);

        Assert.Equal(0, cleanStats.Malformed);
        Assert.Equal(3, stats.Malformed);
        Assert.Equal([3L, 10L, 40L], stats.Errors.Select(e => e.Line));
        Assert.Equal("no 'type=' field at the start of the record", stats.Errors[0].Reason);
        Assert.Equal("malformed 'audit(SECONDS.MILLIS:SERIAL)' header", stats.Errors[1].Reason);
        Assert.Equal("unknown record type name", stats.Errors[2].Reason);
        Assert.Equal(cleanStats.Records, stats.Records);
        Assert.Equal(expected.Select(Describe), actual.Select(Describe));
        Assert.Equal(3, stats.Pipeline.Malformed);
    }

    [Fact]
    public void A_line_of_several_megabytes_is_skipped_and_reported_and_the_next_lines_still_replay()
    {
        var clean = File.ReadAllBytes(LiveLog);
        var huge = Encoding.ASCII.GetBytes("type=SYSCALL msg=audit(1.000:1): junk=" + new string('x', 3 << 20) + "\n");
        var (expected, _) = Replay(clean);
        var (actual, stats) = Replay([.. huge, .. clean]);
        var error = Assert.Single(stats.Errors);
        Assert.Equal(1, error.Line);
        Assert.Contains("longer than", error.Reason);
        Assert.Equal(expected.Select(Describe), actual.Select(Describe));
        Assert.Equal(huge.Length + clean.Length, stats.Bytes);
    }

    [Fact]
    public void Stats_count_lines_records_events_and_bytes()
    {
        var log = File.ReadAllBytes(LiveLog);
        var (events, stats) = Replay(log);
        Assert.Equal(log.Length, stats.Bytes);
        Assert.Equal(log.Count(b => b == (byte)'\n'), stats.Lines);
        Assert.Equal(stats.Lines, stats.Records); // every line of the log is a record
        Assert.Equal(events.Count, stats.Events);
        Assert.Equal(stats.Records, stats.Pipeline.Received);
        Assert.Equal(0, stats.Pipeline.Evicted);
        // auditd's DAEMON_START/END carry auditd's own serials (6182, 6183 here): they must not look like a gap.
        Assert.Equal(0, stats.Pipeline.SequenceGaps);
        Assert.Equal(0, stats.Pipeline.LateRecords);
    }

    public static TheoryData<string> AllCorpusLogs()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(AuditCorpus.Root, "*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".log") || (f.Contains("laurel") && f.EndsWith(".txt") && !f.EndsWith("README.txt")))
                     .Order())
        {
            data.Add(Path.GetRelativePath(AuditCorpus.Root, file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AllCorpusLogs))]
    public void Every_corpus_log_replays_and_only_lines_without_a_header_are_malformed(string relative)
    {
        var path = Path.Combine(AuditCorpus.Root, relative);
        var bytes = File.ReadAllBytes(path);
        var (_, stats) = Replay(bytes);
        var headerless = AuditCorpus.Lines(path).Count(l => !Encoding.UTF8.GetString(l).Contains("audit(") && l.Any(b => b != ' '));
        Assert.Equal(headerless, stats.Malformed);
        Assert.Equal(stats.Records + stats.Malformed, stats.Pipeline.Received);
    }

    [Fact]
    public void Laurel_enriched_log_with_a_long_split_execve_replays_into_one_process_start()
    {
        using var stream = File.OpenRead(AuditCorpus.Laurel("record-execve-long.txt"));
        var stats = new ReplayStats();
        var ev = Assert.Single(new AuditLogReplayer().Replay(stream, stats));
        Assert.Equal(EventTypes.ProcessStart, ev.Type);
        Assert.Equal(2L, ev["process.argc"]);
        Assert.Equal(new DateTime(2021, 3, 7, 21, 2, 54, 493, DateTimeKind.Utc), ev.Time);
    }
}

using System.Text;
using Recorder.Linux.Audit.Assembly;
using Recorder.Linux.Audit.Parsing;
using Recorder.Tests.Shared;

namespace Recorder.Linux.Audit.Tests.Parsing;

/// <summary>Paths of the real audit logs in ../shared/data/linux-audit and helpers to run them through the pipeline.</summary>
internal static class AuditCorpus
{
    public static string Root => Path.Combine(RepoPaths.SharedData, "linux-audit");
    public static string GoLibaudit(string relative) => Path.Combine(Root, "go-libaudit", relative);
    public static string Auparse(string relative) => Path.Combine(Root, "audit-userspace", "auparse-test", relative);
    public static string Laurel(string relative) => Path.Combine(Root, "laurel", "testdata", relative);

    /// <summary>The lines of a log as bytes, without newlines.</summary>
    public static List<byte[]> Lines(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i <= bytes.Length; i++)
        {
            if (i == bytes.Length || bytes[i] == (byte)'\n')
            {
                if (i > start) lines.Add(bytes[start..i]);
                start = i + 1;
            }
        }
        return lines;
    }

    /// <summary>Parses one line; fails the test with the reason when it is malformed.</summary>
    public static AuditRecord Parse(string line)
    {
        var record = new AuditRecord();
        Assert.True(new AuditRecordParser().TryParseLine(Encoding.UTF8.GetBytes(line), record, out var error), $"{error.Describe()}: {line}");
        return record;
    }

    /// <summary>
    /// Parses and assembles lines; calls <paramref name="onGroup"/> for each completed event (the group is only
    /// valid during the call). Uses the record time as the clock, like replay.
    /// </summary>
    public static AuditPipelineCounters Assemble(IEnumerable<byte[]> lines, Action<AuditEventGroup> onGroup, AuditAssemblerOptions? options = null)
    {
        var parser = new AuditRecordParser();
        var pool = new AuditRecordPool();
        var assembler = new AuditEventAssembler(onGroup, pool, options);
        long clock = 0;
        foreach (var line in lines)
        {
            var record = pool.Rent();
            if (!parser.TryParseLine(line, record, out _))
            {
                pool.Return(record);
                assembler.Counters.CountMalformed();
                continue;
            }
            clock = Math.Max(clock, record.UnixTimeMilliseconds);
            assembler.Push(record, clock);
        }
        assembler.FlushAll();
        return assembler.Counters;
    }

    /// <summary>Parses and assembles text lines (for records written inline in a test).</summary>
    public static AuditPipelineCounters Assemble(string text, Action<AuditEventGroup> onGroup, AuditAssemblerOptions? options = null) =>
        Assemble(text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Encoding.UTF8.GetBytes), onGroup, options);
}

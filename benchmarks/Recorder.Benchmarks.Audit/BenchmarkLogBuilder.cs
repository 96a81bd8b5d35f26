using System.Text;
using System.Text.RegularExpressions;
using Recorder.Linux.Audit.Parsing;

namespace Recorder.Benchmarks.Audit;

/// <summary>
/// Builds a large audit log for the parse benchmark by repeating recorded logs (the ENRICHED log recorded on this
/// machine by the normaliser tests, and laurel's logs), giving every event a fresh serial and a time 1 ms after
/// the previous one. auditd does not write EOE records to its log files, but the kernel sends one after every
/// multi-record event over netlink: the builder puts them back, so the assembler sees what the live source gives.
/// </summary>
internal static partial class BenchmarkLogBuilder
{
    [GeneratedRegex(@"audit\((\d+)\.(\d+):(\d+)\)")]
    private static partial Regex Header();

    public static int Run(string[] args)
    {
        if (args.Length < 1) { Console.Error.WriteLine("make-log <out.log> [records]"); return 2; }
        var output = args[0];
        var target = args.Length > 1 ? long.Parse(args[1]) : 200_000;
        var root = FindRepoRoot();
        var sources = new List<string>
        {
            Path.Combine(root, "tests", "Recorder.Linux.Audit.Tests", "Normalization", "Data", "live-actions.log"),
        };
        var laurel = Path.GetFullPath(Path.Combine(root, "..", "shared", "data", "linux-audit", "laurel", "testdata"));
        sources.AddRange(Directory.GetFiles(laurel, "*.txt").Where(f => File.ReadAllText(f).Contains("type=EOE")).Order());

        var lines = WithEoe(sources.SelectMany(File.ReadAllLines).Where(l => Header().IsMatch(l)));
        long serial = 1_000_000;
        const long startMillis = 1_800_000_000_000;
        long written = 0;
        using var writer = new StreamWriter(output, false, new UTF8Encoding(false), 1 << 20);
        while (written < target)
        {
            var map = new Dictionary<string, long>();
            foreach (var line in lines)
            {
                var renumbered = Header().Replace(line, m =>
                {
                    var key = m.Groups[1].Value + "." + m.Groups[2].Value + ":" + m.Groups[3].Value;
                    if (!map.TryGetValue(key, out var s)) map[key] = s = ++serial;
                    var millis = startMillis + s;
                    return $"audit({millis / 1000}.{millis % 1000:D3}:{s})";
                }, 1);
                writer.Write(renumbered);
                writer.Write('\n');
                if (++written == target) break;
            }
        }
        Console.WriteLine($"wrote {written} records to {output} from {sources.Count} logs");
        return 0;
    }

    /// <summary>Adds <c>type=EOE</c> after each multi-record kernel event that has none.</summary>
    private static string[] WithEoe(IEnumerable<string> lines)
    {
        var parser = new AuditRecordParser();
        var record = new AuditRecord();
        var result = new List<string>();
        string? openStamp = null; // audit(...) of the kernel event being written, until its EOE
        foreach (var line in lines)
        {
            if (!parser.TryParseLine(Encoding.UTF8.GetBytes(line), record, out _)) continue;
            var stamp = Header().Match(line).Value;
            if (openStamp is not null && stamp != openStamp)
            {
                result.Add($"type=EOE msg={openStamp}: ");
                openStamp = null;
            }
            result.Add(line);
            if (record.Type == AuditRecordType.Eoe) openStamp = null;
            else if (!AuditRecordType.IsSingleRecordEvent(record.Type)) openStamp = stamp;
        }
        if (openStamp is not null) result.Add($"type=EOE msg={openStamp}: ");
        return result.ToArray();
    }

    internal static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Recorder.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Recorder.sln not found above " + AppContext.BaseDirectory);
    }
}

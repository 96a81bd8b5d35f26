using System.Diagnostics;
using Recorder.Contracts.Events;
using Recorder.Linux.Audit.Assembly;
using Recorder.Linux.Audit.Normalization;
using Recorder.Linux.Audit.Parsing;
using Recorder.Linux.Audit.Replay;

namespace Recorder.Benchmarks.Audit;

/// <summary>
/// Throughput of the record pipeline over a recorded log held in memory, on one core (the process is pinned to
/// CPU 0): parse only; parse + assemble; parse + assemble + normalise to typed events. Next to it, in the same run,
/// <c>ausearch --raw -if</c> over the same file (the classic tool, reading and re-grouping the same records).
/// Each stage runs several rounds and the best is kept. Rates are given per CPU second of the measuring thread
/// (what one core does, whatever else the shared machine runs) and per wall-clock second.
/// </summary>
internal static class ParseBenchmark
{
    public static int Run(string[] args)
    {
        if (args.Length < 1) { Console.Error.WriteLine("parse <audit.log> [--rounds N] [--no-ausearch]"); return 2; }
        var path = args[0];
        var rounds = 5;
        var runAusearch = true;
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] == "--rounds") rounds = int.Parse(args[++i]);
            else if (args[i] == "--no-ausearch") runAusearch = false;
        }
        if (OperatingSystem.IsLinux()) Process.GetCurrentProcess().ProcessorAffinity = 1; // one core

        var log = File.ReadAllBytes(path);
        var lines = CountLines(log);
        Console.WriteLine($"log: {path}");
        Console.WriteLine($"     {lines:N0} records, {log.Length / 1e6:N1} MB, {log.Length / Math.Max(1, lines)} bytes/record; best of {rounds} rounds, pinned to one core");
        Console.WriteLine();
        Console.WriteLine($"{"stage",-42} {"records/CPU-s",14} {"MB/CPU-s",9} {"ns/record",10} {"records/wall-s",15} {"alloc B/rec",12} {"vs ausearch",12}");

        var results = new List<Result>
        {
            Measure("parse", rounds, () => ParseOnly(log)),
            Measure("parse + assemble", rounds, () => ParseAndAssemble(log)),
            Measure("parse + assemble + normalise (all types)", rounds, () => Full(log)),
            Measure("replay: AuditLogReplayer over a stream", rounds, () => Replay(log)),
        };
        if (runAusearch) results.Add(Ausearch(path));

        var ausearch = results.FirstOrDefault(r => r.Name.StartsWith("ausearch", StringComparison.Ordinal));
        foreach (var r in results)
        {
            var ratio = ausearch is null ? "" : $"{ausearch.CpuSeconds / r.CpuSeconds:N1}x";
            var alloc = double.IsNaN(r.AllocatedBytes) ? "" : (r.AllocatedBytes / lines).ToString("N1");
            Console.WriteLine($"{r.Name,-42} {lines / r.CpuSeconds,14:N0} {log.Length / r.CpuSeconds / 1e6,9:N1} {r.CpuSeconds * 1e9 / lines,10:N0} {lines / r.WallSeconds,15:N0} {alloc,12} {ratio,12}");
        }
        return 0;
    }

    private sealed record Result(string Name, double CpuSeconds, double WallSeconds, double AllocatedBytes);

    private static Result Measure(string name, int rounds, Func<long> run)
    {
        run(); // warm-up (JIT, tiering)
        Result? best = null;
        for (var i = 0; i < rounds; i++)
        {
            GC.Collect();
            var allocBefore = GC.GetAllocatedBytesForCurrentThread();
            var cpuBefore = CpuTime.Thread();
            var sw = Stopwatch.StartNew();
            var check = run();
            sw.Stop();
            var cpu = CpuTime.Thread() - cpuBefore;
            var allocated = GC.GetAllocatedBytesForCurrentThread() - allocBefore;
            if (check <= 0) throw new InvalidOperationException($"{name}: nothing processed");
            if (best is null || cpu < best.CpuSeconds) best = new Result(name, cpu, sw.Elapsed.TotalSeconds, allocated);
        }
        return best!;
    }

    private static long ParseOnly(byte[] log)
    {
        var parser = new AuditRecordParser();
        var record = new AuditRecord();
        long ok = 0;
        foreach (var line in new LineEnumerator(log))
        {
            if (parser.TryParseLine(line, record, out _)) ok++;
        }
        return ok;
    }

    private static long ParseAndAssemble(byte[] log)
    {
        long groups = 0;
        ParseInto(log, new AuditEventAssembler(_ => groups++));
        return groups;
    }

    private static long Full(byte[] log)
    {
        var normalizer = new AuditEventNormalizer();
        var events = new List<RecorderEvent>(16);
        long produced = 0;
        var assembler = new AuditEventAssembler(g =>
        {
            produced += normalizer.Normalize(g, events);
            events.Clear(); // a sink would take them here
        });
        ParseInto(log, assembler);
        return produced;
    }

    /// <summary>Parses every line of the log into records from the assembler's pool and assembles them.</summary>
    private static void ParseInto(byte[] log, AuditEventAssembler assembler)
    {
        var parser = new AuditRecordParser();
        var pool = assembler.Pool;
        foreach (var line in new LineEnumerator(log))
        {
            var record = pool.Rent();
            if (!parser.TryParseLine(line, record, out _)) { pool.Return(record); continue; }
            assembler.Push(record, record.UnixTimeMilliseconds);
        }
        assembler.FlushAll();
    }

    private static long Replay(byte[] log)
    {
        long events = 0;
        foreach (var _ in new AuditLogReplayer().Replay(new MemoryStream(log, writable: false), new ReplayStats())) events++;
        return events;
    }

    private static Result Ausearch(string path)
    {
        var psi = new ProcessStartInfo("ausearch", ["--raw", "-if", path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var cpuBefore = CpuTime.Children();
        var sw = Stopwatch.StartNew();
        using var process = Process.Start(psi)!;
        var drain = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        drain.Wait();
        sw.Stop();
        return new Result("ausearch --raw -if (same file, same run)", CpuTime.Children() - cpuBefore, sw.Elapsed.TotalSeconds, double.NaN);
    }

    private static long CountLines(byte[] log)
    {
        long n = 0;
        foreach (var _ in new LineEnumerator(log)) n++;
        return n;
    }

    /// <summary>Lines of a byte buffer as spans, without allocating.</summary>
    private ref struct LineEnumerator(byte[] buffer)
    {
        private int _position;
        public ReadOnlySpan<byte> Current { get; private set; }
        public readonly LineEnumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            while (_position < buffer.Length)
            {
                var rest = buffer.AsSpan(_position);
                var newline = rest.IndexOf((byte)'\n');
                var line = newline < 0 ? rest : rest[..newline];
                _position += newline < 0 ? rest.Length : newline + 1;
                if (line.IsEmpty) continue;
                Current = line;
                return true;
            }
            return false;
        }
    }
}

using System.Diagnostics;
using Recorder.Benchmarks.Audit;
using Recorder.Plugins.Collectors.WindowsEventLog.Mapping;
using Recorder.Windows.EventLog.Evtx;

// EVTX parsing throughput on one core, next to Debian's evtxexport (libevtx-utils) over the same files in the same
// run. Usage: Recorder.Benchmarks.EventLog [file.evtx | directory]... [--rounds N]
// Without paths: ../shared/data/windows/evtx and ../shared/data/sigma/regression_data.
var rounds = 5;
var inputs = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--rounds") rounds = int.Parse(args[++i]);
    else inputs.Add(args[i]);
}
if (inputs.Count == 0)
{
    var shared = Path.GetFullPath(Path.Combine(FindRoot(), "..", "shared", "data"));
    inputs.Add(Path.Combine(shared, "windows", "evtx", "PanacheSysmon_vs_AtomicRedTeam01.evtx"));
    inputs.Add(Path.Combine(shared, "windows", "evtx"));
    inputs.Add(Path.Combine(shared, "sigma", "regression_data"));
}
if (OperatingSystem.IsLinux()) Process.GetCurrentProcess().ProcessorAffinity = 1; // one core

Console.WriteLine($"EVTX parsing, best of {rounds} rounds, pinned to one core (evtxexport under taskset -c 0)");
Console.WriteLine();
Console.WriteLine($"{"input",-44} {"files",5} {"records",8} {"stage",-26} {"records/CPU-s",14} {"MB/CPU-s",9} {"records/wall-s",15} {"vs evtxexport",14}");
foreach (var input in inputs)
{
    var files = Directory.Exists(input)
        ? Directory.EnumerateFiles(input, "*.evtx", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList()
        : [input];
    var contents = files.Select(File.ReadAllBytes).ToList();
    var bytes = contents.Sum(c => (long)c.Length);
    var records = Read(contents, map: false);
    var results = new List<(string Stage, double Cpu, double Wall)>
    {
        Measure(rounds, () => Read(contents, map: false), records, "read: records + fields"),
        Measure(rounds, () => Read(contents, map: true), records, "read + map to events"),
    };
    var baseline = EvtxExport(files, rounds);
    results.Add(("evtxexport -f xml", baseline.Cpu, baseline.Wall));
    foreach (var (stage, cpu, wall) in results)
    {
        var name = Path.GetFileName(input.TrimEnd('/'));
        Console.WriteLine($"{name,-44} {files.Count,5} {records,8} {stage,-26} {records / cpu,14:N0} {bytes / cpu / 1e6,9:N1} {records / wall,15:N0} {baseline.Cpu / cpu,13:N1}x");
    }
}
return 0;

static long Read(List<byte[]> contents, bool map)
{
    long records = 0;
    foreach (var content in contents)
    {
        using var stream = new MemoryStream(content, writable: false);
        foreach (var record in new EvtxReader(stream, _ => { }).ReadRecords())
        {
            records++;
            if (map) WindowsEventMapper.Map(record.Event);
        }
    }
    return records;
}

static (string, double, double) Measure(int rounds, Func<long> run, long expected, string stage)
{
    // Warm up for a while, not once: tiered JIT optimises a method only after enough calls and a delay.
    for (var warm = Stopwatch.StartNew(); warm.Elapsed < TimeSpan.FromSeconds(2);) run();
    double bestCpu = double.MaxValue, bestWall = double.MaxValue;
    for (var i = 0; i < rounds; i++)
    {
        GC.Collect();
        var cpuBefore = CpuTime.Thread();
        var clock = Stopwatch.StartNew();
        var count = run();
        var cpu = CpuTime.Thread() - cpuBefore;
        if (count != expected) throw new InvalidOperationException($"{stage}: {count} records, expected {expected}");
        bestCpu = Math.Min(bestCpu, cpu);
        bestWall = Math.Min(bestWall, clock.Elapsed.TotalSeconds);
    }
    return (stage, bestCpu, bestWall);
}

// evtxexport once per file, output thrown away; CPU time of the children (user + system), best round.
static (double Cpu, double Wall) EvtxExport(List<string> files, int rounds)
{
    double bestCpu = double.MaxValue, bestWall = double.MaxValue;
    for (var i = 0; i < rounds; i++)
    {
        var cpuBefore = CpuTime.Children();
        var clock = Stopwatch.StartNew();
        foreach (var file in files)
        {
            var start = new ProcessStartInfo("taskset") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "-c", "0", "evtxexport", "-f", "xml", file }) start.ArgumentList.Add(argument);
            using var process = Process.Start(start) ?? throw new InvalidOperationException("evtxexport did not start (apt-get install libevtx-utils)");
            process.StandardOutput.BaseStream.CopyTo(Stream.Null);
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0) throw new InvalidOperationException($"evtxexport {file} exited {process.ExitCode}");
        }
        bestCpu = Math.Min(bestCpu, CpuTime.Children() - cpuBefore);
        bestWall = Math.Min(bestWall, clock.Elapsed.TotalSeconds);
    }
    return (bestCpu, bestWall);
}

static string FindRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Recorder.sln"))) dir = dir.Parent;
    return dir?.FullName ?? throw new InvalidOperationException("Recorder.sln not found");
}

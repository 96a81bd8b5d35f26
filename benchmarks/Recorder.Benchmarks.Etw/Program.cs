using System.Diagnostics;
using Recorder.Benchmarks.Audit;
using Recorder.Plugins.Collectors.WindowsEtw.Mapping;
using Recorder.Plugins.Collectors.WindowsEtw.Replay;
using Recorder.Windows.Etw.Etl;
using Recorder.Windows.Etw.Replay;

// .etl import throughput on one core, each stage of the import next to a plain read of the same file in the same run.
// Usage: Recorder.Benchmarks.Etw [file.etl]... [--rounds N]. Without paths: ../shared/data/windows/etl/*.etl.
var rounds = 5;
var inputs = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--rounds") rounds = int.Parse(args[++i]);
    else inputs.Add(args[i]);
}
if (inputs.Count == 0)
    inputs.AddRange(Directory.EnumerateFiles(Path.GetFullPath(Path.Combine(FindRoot(), "..", "shared", "data", "windows", "etl")), "*.etl").Order(StringComparer.Ordinal));
if (OperatingSystem.IsLinux()) Process.GetCurrentProcess().ProcessorAffinity = 1; // one core

Console.WriteLine($".etl import, best of {rounds} rounds, pinned to one core");
Console.WriteLine();
Console.WriteLine($"{"input",-30} {"MB",6} {"events",7} {"stage",-40} {"events/CPU-s",13} {"MB/CPU-s",9} {"events/wall-s",14} {"wall ms",8}");
foreach (var path in inputs)
{
    var megabytes = new FileInfo(path).Length / 1e6;
    var events = Reader(path);
    var stages = new (string Name, Func<long> Run)[]
    {
        ("plain read of the file (File.ReadAllBytes)", () => File.ReadAllBytes(path).Length > 0 ? events : 0),
        ("ETL reader: merged events", () => Reader(path)),
        ("reader + replay log (.btl) written", () => Convert(path)),
        ("full import: replay through TraceEvent + map", () => Import(path)),
    };
    foreach (var (name, run) in stages)
    {
        var (cpu, wall) = Measure(rounds, run, events, name);
        Console.WriteLine($"{Path.GetFileName(path),-30} {megabytes,6:N1} {events,7} {name,-40} {events / cpu,13:N0} {megabytes / cpu,9:N1} {events / wall,14:N0} {wall * 1000,8:N0}");
    }
}
return 0;

static long Reader(string path)
{
    using var input = File.OpenRead(path);
    var reader = new EtlReader(input, path);
    long count = 1; // the header event
    foreach (var _ in reader.ReadEvents()) count++;
    return count;
}

static long Convert(string path)
{
    using var input = File.OpenRead(path);
    var btl = Path.GetTempFileName();
    try
    {
        using var output = File.Create(btl);
        return EtlToBtl.Convert(new EtlReader(input, path), output);
    }
    finally
    {
        File.Delete(btl);
    }
}

static long Import(string path)
{
    using var input = File.OpenRead(path);
    using var replay = EtlReplaySource.Open(input, path);
    long mapped = 0;
    new EtwEventMapper(new EtwProcessTable("benchmark"), _ => true, _ => mapped++).Attach(replay.Source);
    replay.Source.Process();
    if (mapped == 0) throw new InvalidOperationException("nothing mapped");
    return replay.Records;
}

static (double Cpu, double Wall) Measure(int rounds, Func<long> run, long expected, string stage)
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
        if (count != expected) throw new InvalidOperationException($"{stage}: {count} events, expected {expected}");
        bestCpu = Math.Min(bestCpu, cpu);
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

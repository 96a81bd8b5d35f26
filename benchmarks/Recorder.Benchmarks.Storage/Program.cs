using System.Diagnostics;
using System.Globalization;
using Recorder.Benchmarks.Storage;
using Recorder.Plugins.Sinks.Sqlite;
using Recorder.Plugins.Sinks.Sqlite.Queries;
using Recorder.Plugins.Sinks.Sqlite.Storage;

// Storage benchmark: write throughput and bytes per event of the SQLite sink against a plain-insert baseline
// measured in the same run, then the latency of tree/file/net over a large history spread over 90 days.
//   dotnet run -c Release --project benchmarks/Recorder.Benchmarks.Storage -- [--events N] [--history N] [--days D] [--dir PATH] [--keep]
//       [--history-dir PATH] [--reuse] [--limits 1000,10000] [--questions tree,file,net]
// --events 0 skips the write comparison; --history-dir keeps the history (never deleted) and --reuse questions it
// again instead of rewriting it, to iterate on queries.
var options = BenchmarkOptions.Parse(args);
Directory.CreateDirectory(options.Directory);
Console.WriteLine($"storage benchmark: {options.Events:N0} events for throughput in {options.Directory}; " +
                  (options.Reuse ? $"queries over the history kept in {options.HistoryDirectory}" : $"{options.History:N0} events over {options.Days} days for queries"));
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");

// 1. Baseline: the same events as flat rows, strings inline, no secondary index, same batching and pragmas.
var baselinePath = Path.Combine(options.Directory, "baseline.db");
var sinkPath = Path.Combine(options.Directory, "sink.db");
if (options.Events > 0)
{
var baseline = Measure.Write(baselinePath, options.Events, (path) => new BaselineWriter(path));
Console.WriteLine($"baseline (plain insert, inline strings, no index): {baseline.EventsPerSecond,12:N0} events/s  {baseline.BytesPerEvent,6:F1} B/event");

// 2. The sink: interning, process rows, time keys, every index.
var sink = Measure.Write(sinkPath, options.Events, path => new SinkWriter(path, TimeSpan.FromDays(3650)));
Console.WriteLine($"sqlite sink (all indexes):                        {sink.EventsPerSecond,12:N0} events/s  {sink.BytesPerEvent,6:F1} B/event");
Console.WriteLine($"ratio sink/baseline: throughput x{sink.EventsPerSecond / baseline.EventsPerSecond:F2}, bytes x{sink.BytesPerEvent / baseline.BytesPerEvent:F2}");
}

if (options.History > 0)
{
    // 3. A long history: the same mix spread over the last N days, then the investigator's questions.
    //    With --reuse, a history (and its targets) written by an earlier run into --history-dir is questioned again.
    Directory.CreateDirectory(options.HistoryDirectory);
    var historyPath = Path.Combine(options.HistoryDirectory, "history.db");
    var targetsPath = Path.Combine(options.HistoryDirectory, "history-targets.json");
    QueryTargets targets;
    if (options.Reuse && File.Exists(historyPath) && File.Exists(targetsPath))
    {
        targets = QueryTargets.Load(targetsPath);
        Console.WriteLine($"history: reusing {historyPath} ({StoreFiles.SizeOnDisk(historyPath) / 1048576.0:N0} MiB on disk)");
    }
    else
    {
        var span = TimeSpan.FromDays(options.Days);
        var start = DateTime.UtcNow - span;
        Workload? workload = null;
        var history = Measure.Write(historyPath, options.History, path => new SinkWriter(path, span + TimeSpan.FromDays(2)), start, span, w => workload = w);
        Console.WriteLine($"history: {options.History:N0} events over {options.Days} days written at {history.EventsPerSecond:N0} events/s, {history.Bytes / 1048576.0:N0} MiB on disk, {history.BytesPerEvent:F1} B/event");
        targets = QueryTargets.From(workload!);
        targets.Save(targetsPath);
    }

    using (var store = RecorderStore.Open(historyPath))
    {
        var q = new StoreQueries(store);
        Console.WriteLine($"targets: process {targets.Process} (pid {targets.Pid}), shell {targets.Shell}; partitions {store.Partitions.Count}");
        Console.WriteLine($"  file {targets.BusyPath}: {q.File(targets.BusyPath, int.MaxValue).ToList().Count} rows; " +
                          $"net --remote {targets.BusyRemote}: {q.Network(remoteAddress: targets.BusyRemote, limit: int.MaxValue).ToList().Count} rows; " +
                          $"net --process: {q.Network(process: targets.Process, limit: int.MaxValue).ToList().Count} rows");
    }
    var at = targets.ProcessStart.AddMilliseconds(1);
    // The fixed cost of every question: opening the store (SQLite parses the whole schema) and reading its catalog.
    Measure.Query("open", historyPath, q => null);
    if (options.Asks("tree"))
    {
        Measure.Query("tree <guid>", historyPath, q => q.Tree(targets.Process.ToString()).Root);
        Measure.Query("tree <pid> --at", historyPath, q => q.Tree(targets.Pid.ToString(CultureInfo.InvariantCulture), at).Root);
        Measure.Query("tree <shell guid> (1,000 descendants)", historyPath, q => q.Tree(targets.Shell.ToString(), maxDescendants: 1000).Descendants.Count);
        Measure.Query("tree <shell guid> (10,000 descendants)", historyPath, q => q.Tree(targets.Shell.ToString(), maxDescendants: 10_000).Descendants.Count);
    }
    foreach (var limit in options.Limits)
    {
        var suffix = $" --limit {limit}";
        if (options.Asks("file"))
        {
            Measure.Query("file <path> (rare)" + suffix, historyPath, q => q.File(targets.RarePath, limit).ToList().Count);
            Measure.Query("file <path> (busy)" + suffix, historyPath, q => q.File(targets.BusyPath, limit).ToList().Count);
        }
        if (options.Asks("net"))
        {
            Measure.Query("net --remote (busy)" + suffix, historyPath, q => q.Network(remoteAddress: targets.BusyRemote, limit: limit).ToList().Count);
            Measure.Query("net --process" + suffix, historyPath, q => q.Network(process: targets.Process, limit: limit).ToList().Count);
        }
    }
}

if (!options.Keep)
    foreach (var file in new[] { baselinePath, sinkPath })
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(file + suffix);
return 0;

internal sealed record BenchmarkOptions(long Events, long History, int Days, string Directory, bool Keep, string HistoryDirectory, bool Reuse, int[] Limits,
    string[] Questions)
{
    private const string Usage = "--events N --history N --days D --dir PATH --keep --history-dir PATH --reuse --limits 1000,10000 --questions tree,file,net";

    /// <summary>Whether the run times questions of this command.</summary>
    public bool Asks(string command) => Questions.Contains(command);

    public static BenchmarkOptions Parse(string[] args)
    {
        long events = 1_000_000, history = 5_000_000;
        var days = 90;
        var dir = Path.Combine(Path.GetTempPath(), "recorder-bench-storage");
        string? historyDir = null;
        var keep = false;
        var reuse = false;
        // 1,000 is the CLI's default --limit.
        int[] limits = [1_000, 10_000];
        string[] questions = ["tree", "file", "net"];
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--events": events = long.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--history": history = long.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--days": days = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--dir": dir = args[++i]; break;
                case "--keep": keep = true; break;
                case "--history-dir": historyDir = args[++i]; break;
                case "--reuse": reuse = true; break;
                case "--questions": questions = args[++i].Split(','); break;
                case "--limits": limits = args[++i].Split(',').Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToArray(); break;
                default: throw new ArgumentException($"unknown argument '{args[i]}' (use {Usage})");
            }
        }
        return new BenchmarkOptions(events, history, days, dir, keep, historyDir ?? dir, reuse, limits, questions);
    }
}

/// <summary>What the questions ask about, saved beside the history so a reused history is asked the same questions.</summary>
internal sealed record QueryTargets(Guid Process, long Pid, DateTime ProcessStart, Guid Shell, string BusyPath, string RarePath, string BusyRemote)
{
    public static QueryTargets From(Workload workload)
    {
        var target = workload.Started[workload.Started.Count / 2];
        return new QueryTargets(target.Guid, target.Pid, target.Start, target.Parent!.Guid,
            $"/home/{target.User}/src/module7/file3.c", workload.RarePath ?? "/tmp/cc0a1b2c.s", "10.1.0.101");
    }

    public void Save(string path) => File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(this));

    public static QueryTargets Load(string path) =>
        System.Text.Json.JsonSerializer.Deserialize<QueryTargets>(File.ReadAllText(path)) ?? throw new InvalidDataException(path);
}

internal interface IBenchWriter : IDisposable
{
    void Write(List<Recorder.Contracts.Events.RecorderEvent> batch);
}

internal sealed class SinkWriter(string path, TimeSpan maxAge) : IBenchWriter
{
    private readonly SqliteSink _sink = new(path, new StoreBudget(maxAge, 1L << 40), new BenchmarkDiagnostics(), TimeProvider.System);
    public void Write(List<Recorder.Contracts.Events.RecorderEvent> batch) => _sink.WriteBatchAsync(batch, default).AsTask().GetAwaiter().GetResult();
    public void Dispose() => _sink.ShutdownAsync(default).AsTask().GetAwaiter().GetResult();
}

internal static class Measure
{
    public sealed record WriteResult(double EventsPerSecond, long Bytes, double BytesPerEvent);

    public static WriteResult Write(string path, long count, Func<string, IBenchWriter> open, DateTime? start = null, TimeSpan? span = null, Action<Workload>? onWorkload = null)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
        var workload = new Workload(start ?? DateTime.UtcNow.AddHours(-1), span ?? TimeSpan.FromSeconds(count / 2000.0), count);
        onWorkload?.Invoke(workload);
        var writer = open(path);
        var timer = new Stopwatch();
        long written = 0;
        while (written < count)
        {
            var batch = workload.NextBatch((int)Math.Min(1000, count - written)); // generation is not timed
            timer.Start();
            writer.Write(batch);
            timer.Stop();
            written += batch.Count;
        }
        timer.Start();
        writer.Dispose(); // includes the final checkpoint and building the indexes of the last partition
        timer.Stop();
        var bytes = StoreFiles.SizeOnDisk(path);
        return new WriteResult(written / timer.Elapsed.TotalSeconds, bytes, bytes / (double)written);
    }

    /// <summary>Opens the store and answers the question, as the command does; median and worst of 10 after one warm-up.</summary>
    public static void Query(string name, string path, Func<StoreQueries, object?> question)
    {
        var times = new List<double>();
        object? answer = null;
        for (var i = 0; i < 11; i++)
        {
            var timer = Stopwatch.StartNew();
            using (var store = RecorderStore.Open(path)) answer = question(new StoreQueries(store));
            timer.Stop();
            if (i > 0) times.Add(timer.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        var rows = answer is int count ? $"{count,7:N0} rows" : "";
        Console.WriteLine($"  {name,-42} median {times[times.Count / 2],8:F1} ms   worst {times[^1],8:F1} ms  {rows}");
    }
}

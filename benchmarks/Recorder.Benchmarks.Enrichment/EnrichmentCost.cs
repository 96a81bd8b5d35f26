using System.Diagnostics;
using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;
using Recorder.Plugins.Enrichers.Process.Hashes;
using Recorder.Plugins.Enrichers.Process.Paths;
using Recorder.Plugins.Enrichers.Process.ProcessTable;
using Recorder.Plugins.Enrichers.Process.Users;

namespace Recorder.Benchmarks.Enrichment;

/// <summary>
/// Cost per event of the enrichers with warm caches, over events from every process running on this machine,
/// against a baseline measured in the same run: the same loop calling an enricher that does nothing.
/// Each loop first resets what enrichers fill (so every pass does the full work); the baseline resets too.
/// Rounds interleave the scenarios so that noise from other work on the machine hits them alike; the median
/// round is reported.
/// </summary>
internal sealed class EnrichmentCost
{
    private const int Rounds = 21;

    public static async Task RunAsync(TextWriter output)
    {
        var services = new BenchServices();
        var table = new ProcessTableEnricher();
        var users = new UserEnricher();
        var paths = new PathEnricher();
        var hashes = new HashEnricher();
        await table.StartAsync(services, null, default);
        await users.StartAsync(services, null, default);
        await paths.StartAsync(services, null, default);
        await hashes.StartAsync(services, null, default);

        var pids = table.Table.ExportEntries().Where(e => e.IsRunning && e.Executable is not null).Select(e => e.Pid).ToArray();
        var network = pids.Select(pid => NewEvent(EventSchemas.NetworkConnect, pid, null)).ToArray();
        var file = pids.Select(pid => NewEvent(EventSchemas.FileWrite, pid, "/etc/hostname")).ToArray();
        var symlink = pids.Select(pid => NewEvent(EventSchemas.FileWrite, pid, "/bin/sh")).ToArray(); // /bin -> usr/bin, sh -> dash on Debian
        var starts = pids.Select(pid => NewEvent(EventSchemas.ProcessStart, pid, null)).ToArray();

        IEnricher[] none = [new EmptyEnricher()];
        IEnricher[] all = [table, users, paths, hashes];
        var uncachedPaths = new PathEnricher();
        var uncachedServices = new BenchServices { PathCacheMilliseconds = 0 };
        await uncachedPaths.StartAsync(uncachedServices, null, default);
        IEnricher[] allUncached = [table, users, uncachedPaths, hashes];
        // Passes per round: enough for ~20-50 ms per round on the fast scenarios.
        var scenarios = new (string Name, IEnricher[] Chain, RecorderEvent[] Events, int Passes)[]
        {
            ("baseline: empty enricher", none, network, 2000),
            ("process table (GUIDs, parent, ancestry)", [table], network, 2000),
            ("users (4 names)", [users], network, 2000),
            ("process table + users", [table, users], network, 2000),
            ("process table + users + paths", [table, users, paths], network, 2000),
            ("process table + hashes (per-process slot)", [table, hashes], network, 2000),
            ("all four, network.connect", all, network, 2000),
            ("all four, file.write (no symlink, path cache hit)", all, file, 2000),
            ("all four, file.write through symlinks (path cache hit)", all, symlink, 2000),
            ("all four, file.write through symlinks, path cache off", allUncached, symlink, 10),
            ("process table only, process.start (reads /proc/<pid>/stat)", [table], starts, 5),
            ("process table + hashes, process.start (+ statx of the image)", [table, hashes], starts, 5),
            ("all four, process.start", all, starts, 5),
        };
        // Warm every cache (and the JIT) before measuring.
        foreach (var s in scenarios) Pass(s.Chain, s.Events);
        await hashes.WaitForQueuedHashesAsync();
        foreach (var s in scenarios) Pass(s.Chain, s.Events);

        var samples = scenarios.Select(_ => new List<double>()).ToArray();
        var allocated = new long[scenarios.Length];
        for (var round = 0; round < Rounds; round++)
            for (var i = 0; i < scenarios.Length; i++)
            {
                var (_, chain, events, passes) = scenarios[i];
                var before = GC.GetAllocatedBytesForCurrentThread();
                var watch = Stopwatch.StartNew();
                for (var p = 0; p < passes; p++) Pass(chain, events);
                watch.Stop();
                allocated[i] += GC.GetAllocatedBytesForCurrentThread() - before;
                samples[i].Add(watch.Elapsed.TotalNanoseconds / (passes * (double)events.Length));
            }

        var baseline = Median(samples[0]);
        output.WriteLine($"Events per pass: {pids.Length} (one per running process); {Rounds} rounds; median ns per event.");
        output.WriteLine();
        output.WriteLine("| scenario | ns/event | minus baseline | ratio to baseline | bytes allocated/event |");
        output.WriteLine("|---|---:|---:|---:|---:|");
        for (var i = 0; i < scenarios.Length; i++)
        {
            var median = Median(samples[i]);
            var passes = scenarios[i].Passes;
            var bytes = allocated[i] / (double)(Rounds * passes * scenarios[i].Events.Length);
            output.WriteLine($"| {scenarios[i].Name} | {median:F1} | {median - baseline:F1} | {median / baseline:F2}x | {bytes:F1} |");
        }

        await hashes.StopAsync(default);
        await users.StopAsync(default);
        await table.StopAsync(default);
        Directory.Delete(services.DataDirectory, true);
        Directory.Delete(uncachedServices.DataDirectory, true);
    }

    private static void Pass(IEnricher[] chain, RecorderEvent[] events)
    {
        foreach (var e in events)
        {
            Reset(e);
            foreach (var enricher in chain) enricher.Enrich(e);
        }
    }

    /// <summary>Undoes what enrichers fill, keeping what the collector set.</summary>
    private static void Reset(RecorderEvent e)
    {
        var p = e.Process;
        p.ProcessGuid = Guid.Empty;
        p.ParentProcessGuid = Guid.Empty;
        p.StartTime = null;
        p.ParentExecutable = null;
        p.ParentCommandLine = null;
        p.Ancestors = Array.Empty<ProcessAncestor>();
        p.UserName = p.EffectiveUserName = p.LoginUserName = p.GroupName = null;
        p.ExecutableHash = p.HashError = null;
        if (e.Schema.TryGetField("file.target_path", out var target)) e[target] = null;
    }

    private static RecorderEvent NewEvent(EventSchema schema, int pid, string? path)
    {
        var e = new RecorderEvent(schema) { Time = DateTime.UtcNow };
        var p = e.Process;
        p.Pid = pid;
        // What the audit collector sets on every event.
        var proc = Recorder.Plugins.Enrichers.Process.Linux.ProcFs.TryReadProcess(pid);
        p.ParentPid = proc?.ParentPid;
        p.Executable = proc?.Executable;
        p.CommandLine = proc?.CommandLine;
        p.WorkingDirectory = proc?.WorkingDirectory ?? "/";
        p.Uid = proc?.Uid;
        p.EffectiveUid = proc?.EffectiveUid;
        p.Gid = proc?.Gid;
        p.LoginUid = proc?.LoginUid;
        p.SessionId = proc?.SessionId;
        if (path is not null) e["file.path"] = path;
        return e;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted[sorted.Length / 2];
    }

    private sealed class EmptyEnricher : IEnricher
    {
        public void Enrich(RecorderEvent recorderEvent) { }
    }
}

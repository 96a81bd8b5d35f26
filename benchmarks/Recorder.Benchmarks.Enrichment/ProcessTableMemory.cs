using Recorder.Plugins.Enrichers.Process;
using Recorder.Plugins.Enrichers.Process.ProcessTable;
using Recorder.Plugins.Enrichers.Process.Users;

namespace Recorder.Benchmarks.Enrichment;

/// <summary>
/// Managed memory held by the process table at 100,000 tracked processes: a realistic mix of executables
/// (200 distinct paths, shared strings as the collector's interning would give), a unique ~70-character
/// command line each, trees four levels deep. Measured as the heap growth after a full GC.
/// </summary>
internal static class ProcessTableMemory
{
    public static void Run(TextWriter output, int processes = 100_000)
    {
        var options = new ProcessEnricherOptions { MaxTrackedProcesses = processes * 2 };
        var executables = Enumerable.Range(0, 200).Select(i => $"/usr/lib/app{i}/bin/worker-{i}").ToArray();
        var users = new UserDatabase();

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var table = new ProcessTable(new ProcessGuidFactory(Guid.NewGuid()), DateTime.UtcNow.Ticks, DateTime.UtcNow.Ticks, users, options,
            readProcess: _ => null, readStat: _ => (false, 0, 0));
        for (var i = 0; i < processes; i++)
        {
            var pid = 1000 + i;
            // Every fifth process starts a chain: parent pid is the previous process, up to four levels.
            var parent = i % 4 == 0 ? 1 : pid - 1;
            table.Track(pid, parent, 10_000 + i, executables[i % executables.Length],
                $"{executables[i % executables.Length]} --config /etc/app/{i}.conf --verbose --id {i:D8}", i % 3 == 0 ? 0 : 1000);
        }
        var after = GC.GetTotalMemory(forceFullCollection: true);
        var commandLineBytes = processes * (20 + 2 * 70L); // string header + UTF-16 chars, approximately
        output.WriteLine($"| tracked processes | heap growth | per process | of which command-line strings (approx.) |");
        output.WriteLine("|---:|---:|---:|---:|");
        output.WriteLine($"| {table.Count:N0} | {(after - before) / 1048576.0:F1} MiB | {(after - before) / (double)processes:F0} B | {commandLineBytes / (double)processes:F0} B |");
        GC.KeepAlive(table);
    }
}

using System.Diagnostics;
using Recorder.Plugins.Enrichers.Process;
using Recorder.Plugins.Enrichers.Process.Hashes;

namespace Recorder.Benchmarks.Enrichment;

/// <summary>
/// What a hash cache miss costs the pipeline thread when hashed at once (the trade-off behind
/// hash_sync_max_bytes), against a cache hit (one statx) measured in the same run.
/// </summary>
internal static class HashCost
{
    public static void Run(TextWriter output)
    {
        var dir = Directory.CreateTempSubdirectory("recorder-hashcost-").FullName;
        try
        {
            var options = new ProcessEnricherOptions { HashSyncMaxBytes = long.MaxValue, HashCacheEntries = 1_000_000 };
            var random = new Random(42);
            output.WriteLine("| file size | cache miss, hashed at once (SHA-256) | cache hit (statx + lookup) | miss / hit |");
            output.WriteLine("|---:|---:|---:|---:|");
            foreach (var size in new[] { 64 * 1024, 1024 * 1024, 4 * 1024 * 1024, 16 * 1024 * 1024 })
            {
                var path = Path.Combine(dir, $"file-{size}");
                var bytes = new byte[size];
                random.NextBytes(bytes);
                File.WriteAllBytes(path, bytes);
                var misses = new List<double>();
                var hits = new List<double>();
                for (var round = 0; round < 7; round++)
                {
                    var hasher = new ImageHasher(options); // empty cache: a miss
                    var watch = Stopwatch.StartNew();
                    hasher.GetSlot(path);
                    misses.Add(watch.Elapsed.TotalMicroseconds);
                    watch.Restart();
                    for (var i = 0; i < 100; i++) hasher.GetSlot(path);
                    hits.Add(watch.Elapsed.TotalMicroseconds / 100);
                    hasher.DisposeAsync().AsTask().Wait();
                }
                misses.Sort();
                hits.Sort();
                var miss = misses[misses.Count / 2];
                var hit = hits[hits.Count / 2];
                output.WriteLine($"| {size / 1024} KiB | {miss / 1000:F2} ms | {hit:F1} µs | {miss / hit:F0}x |");
            }
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}

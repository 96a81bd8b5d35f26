using System.Diagnostics;
using System.Security.Cryptography;

namespace Recorder.Trust;

/// <summary>One measured operation: median and best wall time over the iterations.</summary>
public sealed record BenchmarkResult(string Name, double MedianMilliseconds, double BestMilliseconds);

/// <summary>
/// Measures what verification and staging cost on a real plugin folder against the least any verifier must do
/// in the same run: read and SHA-256 every file (for Verify), copy and SHA-256 every file (for VerifyAndStage).
/// Run by <c>recorder plugin bench</c>; figures go to docs/perf/trust.md as ratios to those baselines.
/// </summary>
public static class VerificationBenchmark
{
    public static IReadOnlyList<BenchmarkResult> Run(string pluginDirectory, PluginVerifier verifier, int iterations)
    {
        var files = PluginFolderFiles.List(pluginDirectory);
        var scratch = Directory.CreateTempSubdirectory("recorder-bench-").FullName;
        try
        {
            // Warm the page cache and the JIT once so every measurement sees the same state.
            BaselineReadAndHash(pluginDirectory, files);
            if (!verifier.Verify(pluginDirectory).Accepted)
                throw new InvalidOperationException($"{pluginDirectory}: {verifier.Verify(pluginDirectory)}; benchmark an accepted plugin");

            var results = new List<BenchmarkResult>
            {
                Measure("baseline: read + sha256 every file", iterations, () => BaselineReadAndHash(pluginDirectory, files)),
                Measure("Verify", iterations, () => verifier.Verify(pluginDirectory)),
            };
            var run = 0;
            results.Add(Measure("baseline: copy + sha256 every file", iterations, () => BaselineCopyAndHash(pluginDirectory, files, Path.Combine(scratch, $"copy-{run++}"))));
            results.Add(Measure("VerifyAndStage (fresh staging folder)", iterations, () => verifier.VerifyAndStage(pluginDirectory, Path.Combine(scratch, $"stage-{run++}"))));
            return results;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static BenchmarkResult Measure(string name, int iterations, Action action)
    {
        var samples = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var start = Stopwatch.GetTimestamp();
            action();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(samples);
        return new BenchmarkResult(name, samples[iterations / 2], samples[0]);
    }

    private static void BaselineReadAndHash(string directory, List<string> files)
    {
        foreach (var file in files) SHA256.HashData(File.ReadAllBytes(Path.Combine(directory, file)));
    }

    private static void BaselineCopyAndHash(string directory, List<string> files, string target)
    {
        foreach (var file in files)
        {
            var destination = Path.Combine(target, file);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(Path.Combine(directory, file), destination);
            SHA256.HashData(File.ReadAllBytes(destination));
        }
    }
}

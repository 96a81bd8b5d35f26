using System.Diagnostics;

namespace Recorder.Tests.Shared;

/// <summary>
/// A bounded mutation fuzzer for parsers of untrusted input, run as an ordinary test (and so in CI). It feeds every
/// file of the target's corpus (<c>tests/fuzz-corpus/&lt;target&gt;/</c>, kept in the repository), then mutations of
/// them (bit flips, interesting bytes, deleted, repeated and spliced ranges, truncation) until the time budget is
/// spent. A parser may refuse input only with the exceptions it documents; any other exception, or one input taking
/// longer than the per-input limit, fails the test, and the input is written to <c>tests/fuzz-corpus/&lt;target&gt;/crash-*</c>
/// so that it becomes part of the corpus once fixed.
/// </summary>
/// <remarks>
/// <c>RECORDER_FUZZ_SECONDS</c> sets the budget per target (default 3: the suite stays fast); <c>RECORDER_FUZZ_SEED</c>
/// repeats a run (the seed is in every failure message).
/// </remarks>
public static class MutationFuzzer
{
    private static readonly byte[] Interesting = "\0\n\r \t=\"':{}[]-,#%\\\u00ff"u8.ToArray().Concat(new byte[] { 0x80, 0xfe, 0xff, (byte)'0', (byte)'9' }).ToArray();

    public static TimeSpan Budget =>
        TimeSpan.FromSeconds(double.TryParse(Environment.GetEnvironmentVariable("RECORDER_FUZZ_SECONDS"), System.Globalization.CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 3);

    public static string CorpusDirectory(string target) => Path.Combine(RepoPaths.Root, "tests", "fuzz-corpus", target);

    /// <summary>Fuzzes <paramref name="parse"/>; returns how many inputs it ran.</summary>
    /// <param name="target">Corpus folder name.</param>
    /// <param name="parse">Parses one input completely (enumerate lazy results).</param>
    /// <param name="documented">Exceptions the parser documents for bad input.</param>
    public static int Run(string target, Action<byte[]> parse, Func<Exception, bool>? documented = null)
    {
        var corpus = Directory.GetFiles(CorpusDirectory(target)).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
        Assert.NotEmpty(corpus);
        var seed = int.TryParse(Environment.GetEnvironmentVariable("RECORDER_FUZZ_SEED"), out var fixedSeed) ? fixedSeed : Environment.TickCount;
        var random = new Random(seed);
        var perInputLimit = TimeSpan.FromSeconds(2);
        var budget = Stopwatch.StartNew();
        var runs = 0;
        foreach (var input in corpus) Feed(input);
        while (budget.Elapsed < Budget)
        {
            var input = corpus[random.Next(corpus.Count)];
            var mutations = 1 + random.Next(8);
            for (var i = 0; i < mutations; i++) input = Mutate(input, corpus, random);
            Feed(input);
        }
        return runs;

        void Feed(byte[] input)
        {
            runs++;
            var timer = Stopwatch.StartNew();
            try { parse(input); }
            catch (Exception ex) when (documented?.Invoke(ex) == true) { }
            catch (Exception ex)
            {
                var saved = Save(target, input);
                Assert.Fail($"{target}: {ex.GetType().Name} on input {saved} (RECORDER_FUZZ_SEED={seed}): {ex}");
            }
            if (timer.Elapsed > perInputLimit)
                Assert.Fail($"{target}: one input took {timer.Elapsed.TotalSeconds:0.0} s, saved as {Save(target, input)} (RECORDER_FUZZ_SEED={seed})");
        }
    }

    private static string Save(string target, byte[] input)
    {
        var path = Path.Combine(CorpusDirectory(target), "crash-" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(input))[..16].ToLowerInvariant());
        File.WriteAllBytes(path, input);
        return path;
    }

    private static byte[] Mutate(byte[] input, List<byte[]> corpus, Random random)
    {
        var bytes = new List<byte>(input);
        if (bytes.Count == 0) return [Interesting[random.Next(Interesting.Length)]];
        var at = random.Next(bytes.Count);
        var length = Math.Min(bytes.Count - at, 1 + random.Next(Math.Min(64, bytes.Count)));
        switch (random.Next(7))
        {
            case 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;
            case 1: bytes[at] = Interesting[random.Next(Interesting.Length)]; break;
            case 2: bytes.RemoveRange(at, length); break;
            case 3: bytes.InsertRange(at, bytes.GetRange(at, length)); break;
            case 4:
                var other = corpus[random.Next(corpus.Count)];
                if (other.Length == 0) break;
                var from = random.Next(other.Length);
                bytes.InsertRange(at, other.Skip(from).Take(1 + random.Next(Math.Min(128, other.Length - from))));
                break;
            case 5: bytes.RemoveRange(at, bytes.Count - at); break;
            default: bytes.Insert(at, Interesting[random.Next(Interesting.Length)]); break;
        }
        return bytes.ToArray();
    }
}

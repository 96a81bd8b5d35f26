using System.Diagnostics;
using Recorder.Contracts.Events;
using Recorder.Contracts.Importing;
using Recorder.Plugins.Collectors.WindowsEtw.Importing;

namespace Recorder.Plugins.Collectors.WindowsEtw.Tests;

/// <summary>
/// Damaged copies of the real kernel trace (seeded random truncations and byte flips in buffer headers, event headers
/// and payloads) through the whole import: our reader, the replay through TraceEvent's parsers and the mapping. Each
/// is refused with an error naming the file and an offset, or imported with every skipped part named by an offset
/// inside the file; never another exception, never a hang.
/// </summary>
public class EtlImportFuzzTests
{
    private const string Name = "fuzzed.etl";
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan PerFileLimit = TimeSpan.FromSeconds(5);

    [Fact]
    public void Mutated_traces_are_refused_or_imported_with_offsets_never_a_crash_or_hang()
    {
        var original = File.ReadAllBytes(EtlFixtures.TracePath);
        var random = new Random(20261202);
        var clock = Stopwatch.StartNew();
        int refused = 0, damaged = 0, clean = 0, cases = 0;
        for (; clock.Elapsed < Budget; cases++)
        {
            // The first cases cut the trace inside its header buffer: nothing can be read, the file is refused.
            var (mutated, description) = cases < 3 ? (original[..(cases * 20_000 + 100)], "truncated in the header buffer") : Mutate(original, random);
            var context = new ImportContext(Name, new HashSet<string>(EventSchemas.All.Select(s => s.Name)), CancellationToken.None);
            var timer = Stopwatch.StartNew();
            try
            {
                var events = new EtlImporter().Read(new MemoryStream(mutated, writable: false), context).Count();
                if (context.Statistics.Malformed > 0) damaged++; else clean++;
            }
            catch (InvalidDataException e)
            {
                Assert.StartsWith($"{Name}: offset ", e.Message);
                refused++;
            }
            catch (Exception e)
            {
                Assert.Fail($"case {cases} ({description}): {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }
            Assert.True(timer.Elapsed < PerFileLimit, $"case {cases} ({description}) took {timer.Elapsed}");
            foreach (var problem in context.Statistics.Problems)
            {
                Assert.StartsWith("offset ", problem);
                var offset = long.Parse(problem["offset ".Length..problem.IndexOf(':')], System.Globalization.CultureInfo.InvariantCulture);
                Assert.InRange(offset, 0, mutated.Length);
            }
        }
        Assert.True(cases >= 20, $"only {cases} cases ran in {Budget}");
        Assert.True(damaged > 0 && refused > 0, $"{damaged} damaged, {refused} refused, {clean} clean of {cases}");
        Console.WriteLine($"ETL import fuzz: {cases} cases in {clock.Elapsed.TotalSeconds:F1} s: {damaged} imported in part, {refused} refused, {clean} imported whole");
    }

    private static (byte[] Bytes, string Description) Mutate(byte[] original, Random random)
    {
        const int bufferSize = 65536;
        var bytes = (byte[])original.Clone();
        var buffers = bytes.Length / bufferSize;
        switch (random.Next(5))
        {
            case 0:
                var length = random.Next(bytes.Length);
                return (bytes[..length], $"truncated to {length}");
            case 1: // a buffer header
                var header = random.Next(buffers) * bufferSize;
                return (bytes, Flip(bytes, random, header, header + 0x48));
            case 2: // the first event headers of a buffer
                var events = random.Next(buffers) * bufferSize + 0x48;
                return (bytes, Flip(bytes, random, events, events + 256));
            default: // anywhere: mostly payloads
                return (bytes, Flip(bytes, random, 0, bytes.Length));
        }
    }

    private static string Flip(byte[] bytes, Random random, int from, int to)
    {
        var offsets = new List<int>();
        for (var i = 1 + random.Next(16); i > 0; i--)
        {
            var offset = random.Next(from, Math.Min(to, bytes.Length));
            bytes[offset] = random.Next(3) == 0 ? (byte)0xFF : (byte)random.Next(256);
            offsets.Add(offset);
        }
        return "flipped at " + string.Join(",", offsets);
    }
}

using System.Buffers.Binary;
using System.Diagnostics;

namespace Recorder.Windows.EventLog.Tests;

/// <summary>
/// Damaged .evtx files, made from the real ones by seeded random byte flips and truncations: each is refused (not
/// EVTX) or read in part, with every skipped piece named by an offset inside the file; never an exception of another
/// kind, never a hang. Half the cases recompute the chunk checksums after flipping, so that the damage reaches the
/// record and BinXML parsers instead of stopping at the checksum.
/// </summary>
public class EvtxFuzzTests
{
    private const int Cases = 1500;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan PerFileLimit = TimeSpan.FromSeconds(5);

    [Fact]
    public void Mutated_files_are_refused_or_read_in_part_with_offsets_never_a_crash_or_hang()
    {
        var originals = EvtxFixtures.EvtxExportFiles().Select(name => File.ReadAllBytes(EvtxFixtures.PathOf(name))).ToList();
        Assert.NotEmpty(originals);
        var random = new Random(20261202);
        var clock = Stopwatch.StartNew();
        int refused = 0, damaged = 0, clean = 0, cases = 0;

        for (; cases < Cases && clock.Elapsed < Budget; cases++)
        {
            var original = originals[random.Next(originals.Count)];
            var (mutated, description) = Mutate(original, random);
            var problems = new List<EvtxProblem>();
            var timer = Stopwatch.StartNew();
            try
            {
                using var stream = new MemoryStream(mutated, writable: false);
                var records = new EvtxReader(stream, problems.Add).ReadRecords().Count();
                if (problems.Count > 0) damaged++; else clean++;
            }
            catch (InvalidDataException e)
            {
                Assert.StartsWith("offset 0: not an EVTX file", e.Message);
                refused++;
            }
            catch (Exception e)
            {
                Assert.Fail($"case {cases} ({description}): {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }
            Assert.True(timer.Elapsed < PerFileLimit, $"case {cases} ({description}) took {timer.Elapsed}");
            foreach (var problem in problems)
            {
                Assert.InRange(problem.FileOffset, 0, mutated.Length);
                Assert.False(string.IsNullOrWhiteSpace(problem.Message), $"case {cases}: a problem without a message");
            }
        }

        Assert.True(cases >= 100, $"only {cases} cases ran in {Budget}");
        Assert.True(damaged > cases / 4, $"{damaged} of {cases} cases reported damage ({refused} refused, {clean} clean)");
        Console.WriteLine($"EVTX fuzz: {cases} cases in {clock.Elapsed.TotalSeconds:F1} s: {damaged} read in part, {refused} refused, {clean} read whole");
    }

    private static (byte[] Bytes, string Description) Mutate(byte[] original, Random random)
    {
        var bytes = (byte[])original.Clone();
        switch (random.Next(4))
        {
            case 0: // truncate anywhere
                var length = random.Next(bytes.Length);
                return (bytes[..length], $"truncated to {length}");
            case 1: // flip bytes anywhere, checksums left as they are
                return (bytes, Flip(bytes, random, 0, bytes.Length));
            default: // flip bytes in the records, then make the checksums agree so the parsers see the damage
                var chunks = Math.Max(1, (bytes.Length - EvtxReader.FileHeaderSize) / EvtxReader.ChunkSize);
                var chunkStart = EvtxReader.FileHeaderSize + random.Next(chunks) * EvtxReader.ChunkSize;
                var chunkEnd = Math.Min(bytes.Length, chunkStart + EvtxReader.ChunkSize);
                var description = Flip(bytes, random, chunkStart + 512, chunkEnd);
                FixChunkChecksums(bytes);
                return (bytes, description + ", checksums fixed");
        }
    }

    private static string Flip(byte[] bytes, Random random, int from, int to)
    {
        if (to <= from) return "nothing flipped";
        var count = 1 + random.Next(16);
        var offsets = new List<int>();
        for (var i = 0; i < count; i++)
        {
            var offset = random.Next(from, to);
            bytes[offset] = random.Next(3) == 0 ? (byte)0xFF : (byte)random.Next(256);
            offsets.Add(offset);
        }
        return "flipped at " + string.Join(",", offsets);
    }

    private static void FixChunkChecksums(byte[] file)
    {
        for (var chunk = EvtxReader.FileHeaderSize; chunk + EvtxReader.ChunkSize <= file.Length; chunk += EvtxReader.ChunkSize)
        {
            var span = file.AsSpan(chunk, EvtxReader.ChunkSize);
            if (!span.StartsWith("ElfChnk\0"u8)) continue;
            var free = BinaryPrimitives.ReadInt32LittleEndian(span[48..]);
            if (free < 512 || free > EvtxReader.ChunkSize) continue;
            BinaryPrimitives.WriteUInt32LittleEndian(span[52..], Crc32.Compute(span[512..free]));
            var header = Crc32.Finish(Crc32.Append(Crc32.Append(Crc32.Start, span[..120]), span[128..512]));
            BinaryPrimitives.WriteUInt32LittleEndian(span[124..], header);
        }
    }
}

using System.Diagnostics;

namespace Recorder.MacOS.Bsm.Tests;

/// <summary>
/// Mutated real trails (seeded byte flips, truncations, inserted and repeated bytes): the reader never throws, never
/// hangs, and never loses a record silently: every record before the first damaged byte decodes as before, and when
/// fewer records come out than went in, the shortfall is counted as malformed.
/// </summary>
public sealed class FuzzTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(8);

    public static TheoryData<string> Trails => new(BsmData.AppleTrail, BsmData.OpenBsmTrail, BsmData.ExecveLongArgs);

    [Theory]
    [MemberData(nameof(Trails))]
    public void Mutated_trails_are_read_without_a_crash_a_hang_or_a_silent_loss(string path)
    {
        var original = File.ReadAllBytes(path);
        var (expected, _) = BsmData.ReadTrail(original);
        var random = new Random(20261202 ^ path.Length);
        var clock = Stopwatch.StartNew();
        var rounds = 0;
        while (clock.Elapsed < Budget && rounds < 3000)
        {
            rounds++;
            var (mutated, firstChange) = Mutate(original, random);
            var started = clock.Elapsed;

            List<BsmRecord> records;
            BsmTrailStatistics statistics;
            try
            {
                (records, statistics) = BsmData.ReadTrail(mutated);
            }
            catch (Exception ex)
            {
                Assert.Fail($"round {rounds}: {ex.GetType().Name}: {ex.Message}\n{Convert.ToHexString(mutated)}");
                return;
            }

            Assert.True(clock.Elapsed - started < TimeSpan.FromSeconds(1), $"round {rounds} took {clock.Elapsed - started}");
            var intact = expected.Where(r => r.Offset + r.Header.RecordSize <= firstChange).ToList();
            Assert.True(records.Count >= intact.Count, $"round {rounds}: {records.Count} records, {intact.Count} intact before byte {firstChange}");
            for (var i = 0; i < intact.Count; i++)
            {
                Assert.Equal(intact[i].Offset, records[i].Offset);
                Assert.Equal(intact[i].Header, records[i].Header);
            }
            // A trail cut exactly between records has simply ended: the records after the cut are gone, not damaged.
            var cutAway = mutated.Length < original.Length && mutated.Length == firstChange
                ? expected.Count(r => r.Offset >= firstChange)
                : 0;
            if (records.Count < expected.Count - cutAway)
                Assert.True(statistics.Malformed > 0, $"round {rounds}: {expected.Count - cutAway - records.Count} records lost, none counted");
        }
        Assert.True(rounds >= 200, $"only {rounds} rounds in {Budget}");
    }

    /// <summary>One mutation, and the offset of the first byte it changed.</summary>
    private static (byte[] Bytes, long FirstChange) Mutate(byte[] original, Random random)
    {
        var bytes = (byte[])original.Clone();
        switch (random.Next(4))
        {
            case 0:
            {
                var first = long.MaxValue;
                for (var i = random.Next(1, 9); i > 0; i--)
                {
                    var at = random.Next(bytes.Length);
                    var flipped = (byte)(bytes[at] ^ (1 << random.Next(8)));
                    bytes[at] = flipped;
                    first = Math.Min(first, at);
                }
                return (bytes, first);
            }
            case 1:
            {
                var length = random.Next(bytes.Length);
                return (bytes[..length], length);
            }
            case 2:
            {
                var at = random.Next(bytes.Length);
                var junk = new byte[random.Next(1, 64)];
                random.NextBytes(junk);
                if (random.Next(2) == 0) junk[0] = BsmTokenType.Header32; // make resynchronisation work for it
                return ([.. bytes[..at], .. junk, .. bytes[at..]], at);
            }
            default:
            {
                // Overwrite a length field's neighbourhood with a huge value.
                var at = random.Next(Math.Max(1, bytes.Length - 4));
                bytes[at] = 0xff;
                bytes[at + 1] = 0xff;
                return (bytes, at);
            }
        }
    }
}

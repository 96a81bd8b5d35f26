namespace Recorder.MacOS.Bsm.Tests;

/// <summary>Damage costs the damaged record only: it is counted with its offset and the records around it are read.</summary>
public sealed class DamagedTrailTests
{
    private static byte[] Trail => File.ReadAllBytes(BsmData.AppleTrail);

    [Fact]
    public void Bytes_between_records_are_counted_once_and_stepped_over()
    {
        var trail = Trail;
        var damaged = trail[..0x68].Concat(new byte[] { 0x14, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x13 }).Concat(trail[0x68..]).ToArray();

        var (records, statistics) = BsmData.ReadTrail(damaged);

        Assert.Equal(54, records.Count);
        Assert.Equal(1, statistics.Malformed);
        Assert.Equal((0x68L, "7 bytes that are not a BSM record skipped"), statistics.Problems[0]);
    }

    [Fact]
    public void An_unknown_token_refuses_its_record_with_the_offset_and_the_next_record_is_read()
    {
        var trail = Trail;
        trail[0x12] = 0xee; // the first record's text token becomes an identifier with no known layout

        var (records, statistics) = BsmData.ReadTrail(trail);

        Assert.Equal(53, records.Count);
        Assert.Equal(1, statistics.Malformed);
        Assert.Equal((0L, "at byte 18 of the record: unknown token 0xee: its size is not known, the rest of the record cannot be read"),
            statistics.Problems[0]);
    }

    [Fact]
    public void A_token_of_known_layout_that_is_not_used_is_stepped_over_and_counted()
    {
        // header32, groups (2 groups), return32, trailer.
        var groups = Convert.FromHexString("3400020000001400000050");
        var record = Record(groups.Concat(Convert.FromHexString("270000000000")).ToArray());

        var (records, statistics) = BsmData.ReadTrail(record);

        var decoded = Assert.Single(records);
        Assert.Equal(1, decoded.SkippedTokens);
        Assert.Equal(1, statistics.SkippedTokens);
        Assert.Equal(new BsmReturnToken(BsmTokenType.Return32, 0, 0), decoded.Return);
    }

    [Fact]
    public void A_length_that_runs_past_its_record_refuses_the_record()
    {
        var record = Record(Convert.FromHexString("2300ff2f746d7000")); // path token claiming 255 bytes
        var (records, statistics) = BsmData.ReadTrail(record);
        Assert.Empty(records);
        Assert.Equal("at byte 21 of the record: path of 255 bytes runs past the end (12 left)", statistics.Problems[0].Message);
    }

    [Fact]
    public void A_truncated_last_record_is_counted()
    {
        var trail = Trail;
        var (records, statistics) = BsmData.ReadTrail(trail[..^10]);
        Assert.Equal(53, records.Count);
        Assert.Equal(1, statistics.Malformed);
        Assert.Contains("not a BSM record", statistics.Problems[0].Message);
    }

    [Fact]
    public void A_file_token_at_the_start_of_a_trail_is_read_as_the_trail_s_origin_not_as_damage()
    {
        var file = File.ReadAllBytes(BsmData.Reference("file_token"));
        var (records, statistics) = BsmData.ReadTrail(file.Concat(Trail).ToArray());
        Assert.Equal(54, records.Count);
        Assert.Equal(1, statistics.FileTokens);
        Assert.Equal(0, statistics.Malformed);
    }

    /// <summary>A header32 (event 1, time 0) + <paramref name="body"/> + trailer, with both sizes right.</summary>
    internal static byte[] Record(byte[] body)
    {
        var size = 18 + body.Length + 7;
        var bytes = new byte[size];
        bytes[0] = BsmTokenType.Header32;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(1), (uint)size);
        bytes[5] = 11;
        bytes[7] = 1;
        body.CopyTo(bytes, 18);
        bytes[^7] = BsmTokenType.Trailer;
        bytes[^6] = 0xB1;
        bytes[^5] = 0x05;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(size - 4), (uint)size);
        return bytes;
    }
}

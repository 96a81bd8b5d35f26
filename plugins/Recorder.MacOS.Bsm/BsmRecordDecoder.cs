namespace Recorder.MacOS.Bsm;

/// <summary>Decodes one whole record (header … trailer) whose bytes the trail reader framed.</summary>
public static class BsmRecordDecoder
{
    /// <summary>The smallest record: a header32 (18 bytes) and a trailer (7).</summary>
    public const int MinimumRecordSize = 18 + TrailerSize;

    /// <summary>The trailer token's size: id, magic 0xB105, record size.</summary>
    public const int TrailerSize = 7;

    /// <summary>
    /// Decodes <paramref name="record"/>, or says why not (with the offset within the record). Never throws on bad
    /// bytes.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> record, long offset, out BsmRecord? decoded, out string? error)
    {
        decoded = null;
        try
        {
            var cursor = new BsmCursor(record);
            if (record.IsEmpty || !BsmTokenType.IsHeader(record[0]))
                throw new BsmFormatException(0, "a record must start with a header token");
            var header = (BsmHeaderToken)BsmTokenDecoder.Decode(ref cursor);
            if (header.RecordSize != record.Length)
                throw new BsmFormatException(1, $"header says {header.RecordSize} bytes, the record has {record.Length}");
            var tokens = new List<BsmToken>(8);
            var skipped = 0;
            while (cursor.Remaining > TrailerSize)
            {
                var token = BsmTokenDecoder.Decode(ref cursor);
                if (token is BsmSkippedToken) skipped++;
                tokens.Add(token);
            }
            if (cursor.Remaining != TrailerSize || BsmTokenDecoder.Decode(ref cursor) is not BsmTrailerToken trailer)
                throw new BsmFormatException(cursor.Position, "the last token before the record's end is not a trailer");
            if (trailer.RecordSize != record.Length)
                throw new BsmFormatException(record.Length - 4, $"trailer says {trailer.RecordSize} bytes, the record has {record.Length}");
            decoded = new BsmRecord(offset, header, tokens, skipped);
            error = null;
            return true;
        }
        catch (BsmFormatException e)
        {
            error = $"at byte {e.Offset} of the record: {e.Message}";
            return false;
        }
    }

    /// <summary>Decodes a single token (for tools and tests); throws <see cref="BsmFormatException"/> on bad bytes.</summary>
    public static BsmToken DecodeToken(ReadOnlySpan<byte> bytes, out int length)
    {
        var cursor = new BsmCursor(bytes);
        var token = BsmTokenDecoder.Decode(ref cursor);
        length = cursor.Position;
        return token;
    }
}

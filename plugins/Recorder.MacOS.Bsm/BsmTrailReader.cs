using System.Buffers.Binary;

namespace Recorder.MacOS.Bsm;

/// <summary>
/// Reads the records of a BSM trail (an audit file, or what an auditpipe clone delivers) from a stream. Each record
/// is framed by its header's size and checked against its trailer before its tokens are decoded, so damage costs
/// one record: a record whose tokens cannot be read is counted and the next one read; bytes that are not a record
/// are counted once and stepped over to the next place a header and its matching trailer line up.
/// </summary>
public sealed class BsmTrailReader
{
    /// <summary>Larger than any record the kernel writes (its limit is 32 KiB of data plus exec arguments).</summary>
    public const int MaximumRecordSize = 1 << 20;

    private const int ReadSize = 1 << 16;

    private byte[] _buffer = new byte[ReadSize * 2];
    private int _start;
    private int _end;
    private long _bufferOffset;
    private bool _endOfStream;

    /// <summary>The records of <paramref name="trail"/> in trail order; problems go to <paramref name="statistics"/>.</summary>
    public static IEnumerable<BsmRecord> Read(Stream trail, BsmTrailStatistics statistics, CancellationToken cancellation = default) =>
        new BsmTrailReader().ReadRecords(trail, statistics, cancellation);

    private IEnumerable<BsmRecord> ReadRecords(Stream trail, BsmTrailStatistics statistics, CancellationToken cancellation)
    {
        long? garbageStart = null;
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            if (!Ensure(trail, 5)) break;
            var frame = FrameAt(trail);
            if (frame <= 0)
            {
                // Not a record here: remember where the bad run began, and look one byte further.
                garbageStart ??= _bufferOffset + _start;
                _start++;
                continue;
            }
            if (garbageStart is { } from)
            {
                statistics.AddMalformed(from, $"{_bufferOffset + _start - from} bytes that are not a BSM record skipped");
                garbageStart = null;
            }
            var offset = _bufferOffset + _start;
            if (_buffer[_start] == BsmTokenType.OtherFile32)
            {
                _start += frame;
                statistics.FileTokens++;
                continue;
            }
            var decoded = TryDecodeAt(frame, offset, out var record, out var error);
            _start += frame;
            if (decoded)
            {
                statistics.Records++;
                statistics.SkippedTokens += record!.SkippedTokens;
                yield return record;
            }
            else
            {
                statistics.AddMalformed(offset, error!);
            }
        }
        var leftover = _end - _start;
        if (garbageStart is { } start)
            statistics.AddMalformed(start, $"{_bufferOffset + _end - start} bytes that are not a BSM record skipped at the end");
        else if (leftover > 0)
            statistics.AddMalformed(_bufferOffset + _start, $"{leftover} bytes at the end are too short for a record");
    }

    /// <summary>
    /// The length of the record (or file token) at <paramref name="at"/> when its framing holds: a header whose size
    /// is plausible and a trailer at that size repeating it. 0 when it does not.
    /// </summary>
    private int FrameAt(Stream trail)
    {
        var type = _buffer[_start];
        if (type == BsmTokenType.OtherFile32)
        {
            // id, seconds, milliseconds, name length, name: a file token stands alone between records.
            if (!Ensure(trail, 11)) return 0;
            var fileLength = 11 + BinaryPrimitives.ReadUInt16BigEndian(_buffer.AsSpan(_start + 9, 2));
            if (!Ensure(trail, fileLength)) return 0;
            var next = _start + fileLength;
            return next == _end || next < _end && (BsmTokenType.IsHeader(_buffer[next]) || _buffer[next] == BsmTokenType.OtherFile32) ? fileLength : 0;
        }
        if (!BsmTokenType.IsHeader(type)) return 0;
        var size = BinaryPrimitives.ReadUInt32BigEndian(_buffer.AsSpan(_start + 1, 4));
        if (size < BsmRecordDecoder.MinimumRecordSize || size > MaximumRecordSize) return 0;
        if (!Ensure(trail, (int)size)) return 0;
        var trailer = _buffer.AsSpan(_start + (int)size - BsmRecordDecoder.TrailerSize, BsmRecordDecoder.TrailerSize);
        return trailer[0] == BsmTokenType.Trailer && trailer[1] == 0xB1 && trailer[2] == 0x05
            && BinaryPrimitives.ReadUInt32BigEndian(trailer[3..]) == size ? (int)size : 0;
    }

    /// <summary>The record (or file token) at <see cref="_start"/>, or what is wrong with it.</summary>
    private bool TryDecodeAt(int frame, long offset, out BsmRecord? record, out string? error) =>
        BsmRecordDecoder.TryDecode(_buffer.AsSpan(_start, frame), offset, out record, out error);

    /// <summary>Makes at least <paramref name="count"/> bytes available from <see cref="_start"/>; false at the end.</summary>
    private bool Ensure(Stream trail, int count)
    {
        while (_end - _start < count)
        {
            if (_endOfStream) return false;
            if (_buffer.Length - _start < count + ReadSize)
            {
                var kept = _end - _start;
                var target = _buffer.Length >= count + ReadSize ? _buffer : new byte[Math.Max(_buffer.Length * 2, count + ReadSize)];
                Buffer.BlockCopy(_buffer, _start, target, 0, kept);
                _buffer = target;
                _bufferOffset += _start;
                _start = 0;
                _end = kept;
            }
            var read = trail.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0) _endOfStream = true;
            _end += read;
        }
        return true;
    }
}

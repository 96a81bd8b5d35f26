using System.Buffers.Binary;
using Recorder.Windows.EventLog.BinXml;

namespace Recorder.Windows.EventLog.Evtx;

/// <summary>
/// Reads an .evtx file front to back from a stream: the 4 KiB file header, then 64 KiB chunks, each checked against
/// its header and records checksums, then the records in each chunk with their BinXML expanded. A damaged chunk or
/// record is reported to the problem callback with its file offset and skipped; a file that is not EVTX at all is
/// refused with <see cref="InvalidDataException"/>. Memory stays at one chunk whatever the file's size.
/// </summary>
public sealed class EvtxReader
{
    public const int FileHeaderSize = 4096;
    public const int ChunkSize = 65536;
    private const int ChunkHeaderSize = 512;
    private const int RecordHeaderSize = 24;

    private static ReadOnlySpan<byte> FileSignature => "ElfFile\0"u8;
    private static ReadOnlySpan<byte> ChunkSignature => "ElfChnk\0"u8;

    private readonly Stream _stream;
    private readonly Action<EvtxProblem> _onProblem;

    /// <param name="stream">The file, read once from its current position (its first byte is the file header).</param>
    /// <param name="onProblem">Called for each damaged part that is skipped.</param>
    public EvtxReader(Stream stream, Action<EvtxProblem> onProblem)
    {
        _stream = stream;
        _onProblem = onProblem;
    }

    /// <summary>True when <paramref name="head"/> starts with the EVTX file signature <c>ElfFile\0</c>.</summary>
    public static bool HasSignature(ReadOnlySpan<byte> head) => head.StartsWith(FileSignature);

    /// <summary>Chunks whose records were read.</summary>
    public int ChunksRead { get; private set; }

    /// <summary>Chunks skipped as damaged (unused, all-zero chunks are not counted).</summary>
    public int ChunksSkipped { get; private set; }

    /// <summary>The records, in file order. Throws <see cref="InvalidDataException"/> when the file header is not EVTX.</summary>
    public IEnumerable<EvtxRecord> ReadRecords()
    {
        var header = new byte[FileHeaderSize];
        var headerLength = _stream.ReadAtLeast(header, FileHeaderSize, throwOnEndOfStream: false);
        CheckFileHeader(header.AsSpan(0, headerLength));

        var chunk = new byte[ChunkSize];
        long chunkOffset = FileHeaderSize;
        for (var chunkNumber = 0; ; chunkNumber++, chunkOffset += ChunkSize)
        {
            var length = _stream.ReadAtLeast(chunk, ChunkSize, throwOnEndOfStream: false);
            if (length == 0) yield break;
            if (length < ChunkSize)
            {
                if (chunk.AsSpan(0, length).ContainsAnyExcept((byte)0))
                {
                    ChunksSkipped++;
                    _onProblem(new EvtxProblem(chunkOffset, $"chunk {chunkNumber}: the file ends after {length} of its {ChunkSize} bytes"));
                }
                yield break;
            }
            if (!ChunkIsReadable(chunk, chunkNumber, chunkOffset, out var freeSpaceOffset)) continue;
            ChunksRead++;
            foreach (var record in ReadChunkRecords(chunk, chunkNumber, chunkOffset, freeSpaceOffset))
                yield return record;
        }
    }

    private void CheckFileHeader(ReadOnlySpan<byte> header)
    {
        if (header.Length < 128 || !HasSignature(header))
            throw new InvalidDataException("offset 0: not an EVTX file: it does not start with the signature ElfFile\\0");
        var stored = BinaryPrimitives.ReadUInt32LittleEndian(header[124..]);
        if (Crc32.Compute(header[..120]) != stored)
            _onProblem(new EvtxProblem(0, "file header checksum does not match (the header may be stale; chunks are read anyway)"));
        var majorVersion = BinaryPrimitives.ReadUInt16LittleEndian(header[38..]);
        if (majorVersion != 3)
            _onProblem(new EvtxProblem(38, $"file format version {majorVersion} (3 expected); reading anyway"));
    }

    private bool ChunkIsReadable(byte[] chunk, int chunkNumber, long chunkOffset, out int freeSpaceOffset)
    {
        freeSpaceOffset = 0;
        var span = chunk.AsSpan();
        if (!span.StartsWith(ChunkSignature))
        {
            // Windows preallocates the file: unused chunks are zero and not damage.
            if (span.ContainsAnyExcept((byte)0)) Skip(chunkOffset, $"chunk {chunkNumber} has no ElfChnk signature");
            return false;
        }
        var headerCrc = Crc32.Finish(Crc32.Append(Crc32.Append(Crc32.Start, span[..120]), span[128..ChunkHeaderSize]));
        if (headerCrc != BinaryPrimitives.ReadUInt32LittleEndian(span[124..]))
        {
            Skip(chunkOffset, $"chunk {chunkNumber}: header checksum does not match");
            return false;
        }
        freeSpaceOffset = BinaryPrimitives.ReadInt32LittleEndian(span[48..]);
        if (freeSpaceOffset < ChunkHeaderSize || freeSpaceOffset > ChunkSize)
        {
            Skip(chunkOffset + 48, $"chunk {chunkNumber}: free space offset {freeSpaceOffset} is outside the chunk");
            return false;
        }
        if (Crc32.Compute(span[ChunkHeaderSize..freeSpaceOffset]) != BinaryPrimitives.ReadUInt32LittleEndian(span[52..]))
        {
            Skip(chunkOffset, $"chunk {chunkNumber}: event records checksum does not match");
            return false;
        }
        return true;
    }

    private void Skip(long offset, string message)
    {
        ChunksSkipped++;
        _onProblem(new EvtxProblem(offset, message));
    }

    private IEnumerable<EvtxRecord> ReadChunkRecords(byte[] chunk, int chunkNumber, long chunkOffset, int freeSpaceOffset)
    {
        var parser = new BinXmlChunkParser(chunk);
        var pos = ChunkHeaderSize;
        while (pos + RecordHeaderSize + 4 <= freeSpaceOffset)
        {
            var span = chunk.AsSpan(pos);
            if (BinaryPrimitives.ReadUInt32LittleEndian(span) != 0x00002a2a)
            {
                _onProblem(new EvtxProblem(chunkOffset + pos, $"chunk {chunkNumber}: no record signature where a record should start; rest of the chunk skipped"));
                yield break;
            }
            var size = BinaryPrimitives.ReadInt32LittleEndian(span[4..]);
            if (size < RecordHeaderSize + 4 || size > freeSpaceOffset - pos
                || BinaryPrimitives.ReadInt32LittleEndian(span[(size - 4)..]) != size)
            {
                _onProblem(new EvtxProblem(chunkOffset + pos, $"chunk {chunkNumber}: record size {size} is inconsistent; rest of the chunk skipped"));
                yield break;
            }
            var recordId = BinaryPrimitives.ReadUInt64LittleEndian(span[8..]);
            var written = BinaryPrimitives.ReadInt64LittleEndian(span[16..]);
            EvtxRecord? record = null;
            try
            {
                var element = parser.RenderRecord(pos + RecordHeaderSize, pos + size - 4);
                record = new EvtxRecord(recordId, FileTimeToUtc(written), chunkOffset + pos, EventXml.ToWindowsEvent(element));
            }
            catch (BinXmlException e)
            {
                // Where the parser stopped, when that is inside the chunk (a damaged offset may point anywhere).
                var at = e.ChunkOffset is > 0 and < ChunkSize ? chunkOffset + e.ChunkOffset : chunkOffset + pos;
                _onProblem(new EvtxProblem(at, $"record {recordId} (at offset {chunkOffset + pos}): {e.Message}"));
            }
            catch (InvalidDataException e)
            {
                _onProblem(new EvtxProblem(chunkOffset + pos, $"record {recordId}: {e.Message}"));
            }
            if (record is not null) yield return record;
            pos += size;
        }
    }

    private static DateTime FileTimeToUtc(long fileTime) =>
        fileTime >= 0 && fileTime <= DateTime.MaxValue.Ticks - ValueFormatter.FileTimeEpochTicks
            ? new DateTime(ValueFormatter.FileTimeEpochTicks + fileTime, DateTimeKind.Utc) : default;
}

using System.Buffers.Binary;
using System.IO.Compression;
using Recorder.Contracts.Events;

namespace Recorder.Plugins.Collectors.MacOS.FsEvents;

/// <summary>
/// Reads a file of <c>/.fseventsd</c>: gzip of pages, each "1SLD", "2SLD" or "3SLD", 4 bytes, the page size (little
/// endian, header included), then records: a NUL-terminated path, the event id (8 bytes), the flags (4), from version 2
/// the node id (8), in version 3 4 more bytes. A damaged page is counted and the reader goes on at the next page.
/// </summary>
internal static class FsEventsPageReader
{
    private const int PageHeaderSize = 12;

    public static bool IsGzip(ReadOnlySpan<byte> head) => head.Length >= 3 && head[0] == 0x1f && head[1] == 0x8b && head[2] == 8;

    public static bool IsPageMagic(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 4 && bytes[0] is (byte)'1' or (byte)'2' or (byte)'3' && bytes[1..4].SequenceEqual("SLD"u8);

    /// <summary>The decompressed pages of <paramref name="gzip"/>.</summary>
    public static byte[] Decompress(Stream gzip)
    {
        using var inflated = new GZipStream(gzip, CompressionMode.Decompress, leaveOpen: true);
        using var bytes = new MemoryStream();
        inflated.CopyTo(bytes);
        return bytes.ToArray();
    }

    /// <summary>The records of the decompressed <paramref name="pages"/>; damage goes to <paramref name="malformed"/> (offset, message).</summary>
    public static IEnumerable<FsEventsRecord> Read(byte[] pages, Action<long, string> malformed)
    {
        var at = 0;
        while (at < pages.Length)
        {
            var page = pages.AsSpan(at);
            if (page.Length < PageHeaderSize || !IsPageMagic(page))
            {
                malformed(at, $"{page.Length} bytes that are not an FSEvents page (no 1SLD/2SLD/3SLD) skipped");
                yield break;
            }
            var version = page[0] - '0';
            var size = BinaryPrimitives.ReadUInt32LittleEndian(page[8..]);
            if (size < PageHeaderSize || size > page.Length)
            {
                malformed(at, $"page size {size} is outside the {page.Length} bytes left");
                yield break;
            }
            foreach (var record in ReadPage(pages, at, (int)size, version, malformed)) yield return record;
            at += (int)size;
        }
    }

    private static List<FsEventsRecord> ReadPage(byte[] pages, int start, int size, int version, Action<long, string> malformed)
    {
        var records = new List<FsEventsRecord>();
        var fixedSize = version switch { 1 => 12, 2 => 20, _ => 24 };
        var body = pages.AsSpan(start, size);
        var at = PageHeaderSize;
        while (at < size)
        {
            var end = body[at..].IndexOf((byte)0);
            if (end < 0 || at + end + 1 + fixedSize > size)
            {
                malformed(start + at, "record runs past the end of its page; the rest of the page skipped");
                break;
            }
            var path = LosslessUtf8.Decode(body.Slice(at, end));
            var fields = body.Slice(at + end + 1, fixedSize);
            var eventId = BinaryPrimitives.ReadUInt64LittleEndian(fields);
            var flags = BinaryPrimitives.ReadUInt32LittleEndian(fields[8..]);
            ulong? node = version >= 2 ? BinaryPrimitives.ReadUInt64LittleEndian(fields[12..]) : null;
            records.Add(new FsEventsRecord(path, eventId, flags, node, start + at));
            at += end + 1 + fixedSize;
        }
        return records;
    }
}

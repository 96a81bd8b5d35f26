using System.IO.Compression;
using Recorder.Contracts.Events;
using Recorder.Contracts.Importing;
using Recorder.Plugins.Collectors.MacOS.FsEvents;

namespace Recorder.Plugins.Collectors.MacOS.Importing;

/// <summary>
/// <c>recorder import /.fseventsd/00000000001a0b79</c>: a page file of the FSEvents log. Each record becomes one event
/// per change its flags name (create, write, rename, delete); FSEvents knows no process or user, and the records carry
/// no time, so every event gets the page file's modification time (as plaso does) and a path made absolute from the
/// volume root.
/// </summary>
[Importer("fseventsd")]
public sealed class FsEventsImporter : IEventImporter
{
    /// <inheritdoc />
    public string Description => "macOS FSEvents log page file (/.fseventsd, gzip of 1SLD/2SLD/3SLD pages)";

    /// <inheritdoc />
    public bool Recognizes(string fileName, ReadOnlySpan<byte> head)
    {
        if (!FsEventsPageReader.IsGzip(head)) return false;
        try
        {
            using var inflated = new GZipStream(new MemoryStream(head.ToArray()), CompressionMode.Decompress);
            Span<byte> magic = stackalloc byte[4];
            return inflated.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && FsEventsPageReader.IsPageMagic(magic);
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public IEnumerable<RecorderEvent> Read(Stream input, ImportContext context)
    {
        byte[] pages;
        try
        {
            pages = FsEventsPageReader.Decompress(input);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"{context.SourceName}: not a readable gzip stream: {ex.Message}", ex);
        }
        var time = File.Exists(context.SourceName) ? File.GetLastWriteTimeUtc(context.SourceName) : DateTime.UtcNow;
        foreach (var record in FsEventsPageReader.Read(pages, (offset, message) => context.Statistics.AddMalformed($"decompressed byte {offset}", message)))
        {
            context.Statistics.Records++;
            var any = false;
            foreach (var schema in SchemasOf(record.Flags))
            {
                if (!context.WantedEventTypes.Contains(schema.Name)) continue;
                any = true;
                var e = new RecorderEvent(schema) { Time = time, Outcome = EventOutcome.Success };
                e.Set(schema.Path, "/" + record.Path);
                e.Tags["fsevents.event_id"] = record.EventId.ToString();
                e.Tags["fsevents.flags"] = $"0x{record.Flags:x8}";
                yield return e;
            }
            if (!any) context.Statistics.Skipped++;
        }
    }

    /// <summary>The changes a record's flags name, in the order they happen to a file.</summary>
    internal static IEnumerable<FileEventSchema> SchemasOf(uint flags)
    {
        if ((flags & FsEventsDiskFlags.Created) != 0) yield return EventSchemas.FileCreate;
        if ((flags & FsEventsDiskFlags.Modified) != 0) yield return EventSchemas.FileWrite;
        if ((flags & FsEventsDiskFlags.Renamed) != 0) yield return EventSchemas.FileRename;
        if ((flags & FsEventsDiskFlags.Removed) != 0) yield return EventSchemas.FileDelete;
    }
}

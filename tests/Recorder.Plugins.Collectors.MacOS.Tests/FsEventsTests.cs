using Recorder.Contracts.Events;
using Recorder.Contracts.Importing;
using Recorder.Plugins.Collectors.MacOS.FsEvents;
using Recorder.Plugins.Collectors.MacOS.Importing;
using Recorder.Tests.Shared;

namespace Recorder.Plugins.Collectors.MacOS.Tests;

/// <summary>The .fseventsd page files plaso tests with decode to the records plaso's test expects.</summary>
public sealed class FsEventsTests
{
    private static string Page(string name) => Path.Combine(RepoPaths.SharedData, "macos-bsm", "plaso", name);

    private static List<FsEventsRecord> Records(string name, List<string>? problems = null)
    {
        using var file = File.OpenRead(Page(name));
        return FsEventsPageReader.Read(FsEventsPageReader.Decompress(file), (o, m) => problems?.Add($"{o}: {m}")).ToList();
    }

    [Fact]
    public void Version_1_page_holds_12_records_and_the_fourth_is_the_spotlight_store_folder_as_plaso_expects()
    {
        var problems = new List<string>();
        var records = Records("fsevents-0000000002d89b58", problems);

        Assert.Equal(12, records.Count);
        Assert.Empty(problems);
        Assert.Equal((".Spotlight-V100/Store-V1", 47747061UL, 0x01000080u, (ulong?)null),
            (records[3].Path, records[3].EventId, records[3].Flags, records[3].NodeId));
        Assert.Equal("this_is_a_tes\"tfile.txt", records[10].Path);
    }

    [Fact]
    public void Version_2_page_holds_6_records_with_node_ids_and_the_third_is_the_renamed_folder_as_plaso_expects()
    {
        var records = Records("fsevents-00000000001a0b79");

        Assert.Equal(6, records.Count);
        Assert.Equal(("Hi, Sierra", 1706838UL, 0x01000008u, (ulong?)116),
            (records[2].Path, records[2].EventId, records[2].Flags, records[2].NodeId));
    }

    [Fact]
    public void Records_become_one_file_event_per_change_their_disk_flags_name()
    {
        var context = new ImportContext(Page("fsevents-00000000001a0b79"), EventSchemas.All.Select(s => s.Name).ToHashSet(), CancellationToken.None);
        var importer = new FsEventsImporter();

        var events = importer.Read(File.OpenRead(Page("fsevents-00000000001a0b79")), context).ToList();

        Assert.Equal(6, context.Statistics.Records);
        var rename = Assert.Single(events, e => e["file.path"] as string == "/Hi, Sierra");
        Assert.Equal(EventTypes.FileRename, rename.Type);
        Assert.Equal("1706838", rename.Tags["fsevents.event_id"]);
        Assert.Equal(File.GetLastWriteTimeUtc(Page("fsevents-00000000001a0b79")), rename.Time);
        Assert.Null(rename.Process.Pid);
        // .DS_Store 0x800014: modified (0x10) and inode metadata (0x4, not an event).
        Assert.Equal([EventTypes.FileWrite], events.Where(e => e["file.path"] as string == "/.DS_Store").Select(e => e.Type));
        // The root record (flags 0x2000000) names no change.
        Assert.Equal(1, context.Statistics.Skipped);
    }

    [Fact]
    public void The_importer_recognises_gzip_pages_and_not_other_gzip_files()
    {
        var importer = new FsEventsImporter();
        Assert.True(importer.Recognizes("x", File.ReadAllBytes(Page("fsevents-0000000002d89b58"))));
        var other = new MemoryStream();
        using (var gz = new System.IO.Compression.GZipStream(other, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            gz.Write("hello world"u8);
        Assert.False(importer.Recognizes("0000000002d89b58", other.ToArray()));
        Assert.False(importer.Recognizes("x", File.ReadAllBytes(Path.Combine(RepoPaths.SharedData, "macos-bsm", "plaso", "apple.bsm"))));
    }

    [Fact]
    public void A_page_cut_short_is_counted_and_the_records_before_the_cut_kept()
    {
        using var file = File.OpenRead(Page("fsevents-0000000002d89b58"));
        var pages = FsEventsPageReader.Decompress(file);
        var problems = new List<string>();
        // Claim the page is as long as the bytes left but drop the last 20 bytes.
        var cut = pages[..^20];
        BitConverter.TryWriteBytes(cut.AsSpan(8), (uint)cut.Length);

        var records = FsEventsPageReader.Read(cut, (o, m) => problems.Add($"{o}: {m}")).ToList();

        Assert.Equal(11, records.Count);
        Assert.Single(problems);
        Assert.Contains("runs past the end of its page", problems[0]);
    }
}

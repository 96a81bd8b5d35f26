using Recorder.Contracts.Events;
using Recorder.Plugins.Collectors.MacOS.FsEvents;

namespace Recorder.Plugins.Collectors.MacOS.Tests;

/// <summary>
/// What the live FSEvents stream's flags become. The flag values are written here as Apple's header
/// (CoreServices/FSEvents.h) gives them, not taken from our constants: the live API's bits differ from the
/// on-disk pages', and confusing the two would map a create as a delete.
/// </summary>
public sealed class FsEventStreamMapperTests
{
    private static readonly DateTime Now = new(2026, 12, 2, 14, 0, 0, DateTimeKind.Utc);

    private static List<RecorderEvent> Map(string path, uint flags, Func<string, bool>? wanted = null) =>
        new FsEventStreamMapper(wanted ?? (_ => true)).Map(path, flags, 42, Now).ToList();

    [Fact]
    public void A_coalesced_create_and_modify_of_a_file_gives_a_create_then_a_write()
    {
        // kFSEventStreamEventFlagItemCreated 0x100 | ItemModified 0x1000 | ItemIsFile 0x10000
        var events = Map("/Users/ann/notes.txt", 0x00011100);
        Assert.Equal([EventTypes.FileCreate, EventTypes.FileWrite], events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal("/Users/ann/notes.txt", e.Get(((FileEventSchema)e.Schema).Path)));
        Assert.All(events, e => Assert.Equal("file", e.Tags["fsevents.item"]));
        Assert.All(events, e => Assert.Equal("42", e.Tags["fsevents.event_id"]));
        Assert.All(events, e => Assert.Equal(Now, e.Time));
    }

    [Fact]
    public void Renames_owner_changes_and_removals_of_folders_map_by_the_live_bits()
    {
        // ItemRenamed 0x800 | ItemIsDir 0x20000
        Assert.Equal([EventTypes.FileRename], Map("/Applications/Old.app", 0x00020800).Select(e => e.Type));
        Assert.Equal("folder", Map("/Applications/Old.app", 0x00020800)[0].Tags["fsevents.item"]);
        // ItemChangeOwner 0x4000 | ItemIsFile
        Assert.Equal([EventTypes.FileOwner], Map("/Library/LaunchDaemons/x.plist", 0x00014000).Select(e => e.Type));
        // ItemRemoved 0x200 | ItemIsSymlink 0x40000
        var removed = Assert.Single(Map("/Users/ann/link", 0x00040200));
        Assert.Equal(EventTypes.FileDelete, removed.Type);
        Assert.Equal("symlink", removed.Tags["fsevents.item"]);
        // ItemXattrMod 0x8000 and ItemFinderInfoMod 0x2000 alone are not file changes Recorder records
        Assert.Empty(Map("/Users/ann/notes.txt", 0x0001A000));
    }

    [Fact]
    public void Types_no_subscription_wants_are_not_built()
    {
        var events = Map("/Users/ann/notes.txt", 0x00011100, type => type == EventTypes.FileWrite);
        Assert.Equal([EventTypes.FileWrite], events.Select(e => e.Type));
    }

    [Theory]
    [InlineData(0x00000004u, "fsevents_kernel_dropped")] // kFSEventStreamEventFlagKernelDropped
    [InlineData(0x00000002u, "fsevents_user_dropped")] // kFSEventStreamEventFlagUserDropped
    [InlineData(0x00000001u, "fsevents_must_rescan")] // kFSEventStreamEventFlagMustScanSubDirs
    public void Dropped_events_become_a_loss_marker_naming_the_folder(uint flags, string reason)
    {
        var marker = Assert.Single(Map("/Users", flags, _ => false));
        Assert.Equal(EventSchemas.RecorderLoss.Name, marker.Type);
        Assert.Equal(reason, marker.Get(EventSchemas.RecorderLoss.Reason));
        Assert.Equal("/Users", marker.Tags["fsevents.path"]);
        Assert.Equal(EventOutcome.Failure, marker.Outcome);
    }
}

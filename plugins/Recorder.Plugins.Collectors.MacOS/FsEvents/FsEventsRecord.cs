namespace Recorder.Plugins.Collectors.MacOS.FsEvents;

/// <summary>One record of an on-disk .fseventsd page: a path relative to the volume's root, the event id, the
/// on-disk flags (<see cref="FsEventsDiskFlags"/>), and from version 2 on the file's node id.</summary>
internal sealed record FsEventsRecord(string Path, ulong EventId, uint Flags, ulong? NodeId, long Offset);

/// <summary>
/// Flag bits of the on-disk pages, which are not the live API's kFSEventStreamEventFlag* values.
/// </summary>
internal static class FsEventsDiskFlags
{
    public const uint Created = 0x1;
    public const uint Removed = 0x2;
    public const uint InodeMetaMod = 0x4;
    public const uint Renamed = 0x8;
    public const uint Modified = 0x10;
    public const uint IsFile = 0x800000;
    public const uint IsDirectory = 0x1000000;
}

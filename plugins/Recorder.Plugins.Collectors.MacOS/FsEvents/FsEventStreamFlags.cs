using Recorder.Contracts.Events;

namespace Recorder.Plugins.Collectors.MacOS.FsEvents;

/// <summary>
/// Flag bits of the live FSEvents API (kFSEventStreamEventFlag*, CoreServices/FSEvents.h), which differ from the
/// on-disk pages' (<see cref="FsEventsDiskFlags"/>), and what each event's flags mean for Recorder.
/// </summary>
internal static class FsEventStreamFlags
{
    public const uint MustScanSubDirs = 0x00000001;
    public const uint UserDropped = 0x00000002;
    public const uint KernelDropped = 0x00000004;
    public const uint EventIdsWrapped = 0x00000008;
    public const uint HistoryDone = 0x00000010;
    public const uint RootChanged = 0x00000020;
    public const uint Mount = 0x00000040;
    public const uint Unmount = 0x00000080;
    public const uint ItemCreated = 0x00000100;
    public const uint ItemRemoved = 0x00000200;
    public const uint ItemInodeMetaMod = 0x00000400;
    public const uint ItemRenamed = 0x00000800;
    public const uint ItemModified = 0x00001000;
    public const uint ItemFinderInfoMod = 0x00002000;
    public const uint ItemChangeOwner = 0x00004000;
    public const uint ItemXattrMod = 0x00008000;
    public const uint ItemIsFile = 0x00010000;
    public const uint ItemIsDir = 0x00020000;
    public const uint ItemIsSymlink = 0x00040000;

    /// <summary>
    /// The changes an event's flags name, in the order they happen to a file. The stream coalesces: one event may
    /// carry several (created and modified), each becomes its own Recorder event.
    /// </summary>
    public static IEnumerable<FileEventSchema> SchemasOf(uint flags)
    {
        if ((flags & ItemCreated) != 0) yield return EventSchemas.FileCreate;
        if ((flags & ItemModified) != 0) yield return EventSchemas.FileWrite;
        if ((flags & ItemRenamed) != 0) yield return EventSchemas.FileRename;
        if ((flags & ItemChangeOwner) != 0) yield return EventSchemas.FileOwner;
        if ((flags & ItemRemoved) != 0) yield return EventSchemas.FileDelete;
    }

    /// <summary>
    /// Why events under a folder were lost (the stream then asks the reader to rescan it), as a loss reason code, or
    /// null: the kernel or the user-space queue dropped them, or the stream coalesced a folder's events.
    /// </summary>
    public static string? LossReason(uint flags) =>
        (flags & KernelDropped) != 0 ? "fsevents_kernel_dropped"
        : (flags & UserDropped) != 0 ? "fsevents_user_dropped"
        : (flags & MustScanSubDirs) != 0 ? "fsevents_must_rescan"
        : null;
}

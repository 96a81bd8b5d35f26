namespace Recorder.Trust;

/// <summary>What a path is, without following a final link.</summary>
internal enum FileEntryKind
{
    RegularFile,
    Directory,
    /// <summary>A symbolic link (or, on Windows, any reparse point such as a junction).</summary>
    Link,
    /// <summary>A fifo, socket or device.</summary>
    Special,
}

namespace Recorder.Trust;

/// <summary>
/// The operating-system-specific file checks trust decisions rest on: who could change a path (owner and write
/// permissions), what kind of entry it is, and creating files only the host's own account can read. Everything else
/// in Recorder.Trust is OS-neutral. <see cref="PluginFileSystem.Current"/> picks the implementation.
/// </summary>
internal interface IPluginFileSystem
{
    /// <summary>What <paramref name="path"/> is, not following a final link.</summary>
    FileEntryKind KindOf(string path);

    /// <summary>Checks one file or folder (not following a final link): owned by the system's administrator (or the host's own account) and writable by nobody else.</summary>
    SafetyProblem? CheckEntry(string path);

    /// <summary>Checks a folder and every folder above it, up to the file system root.</summary>
    SafetyProblem? CheckDirectoryChain(string directory);

    /// <summary>Creates a file that only the host's own account (and the administrators) can read or write, from the first byte on.</summary>
    FileStream CreatePrivateFile(string path, FileMode mode = FileMode.CreateNew);

    /// <summary>Creates a folder (and its parents) that only the host's own account (and the administrators) can enter.</summary>
    void CreatePrivateDirectory(string path);
}

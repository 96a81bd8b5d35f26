namespace Recorder.Trust;

/// <summary>
/// The ownership and mode rules of plugin folders, for other files that steer what root does (subscription folders
/// and files): owned by the administrator (or the recorder's own account), writable by nobody else, and the same
/// for every folder above.
/// </summary>
public static class TrustedLocations
{
    /// <summary>Why <paramref name="directory"/> (or a folder above it) cannot be trusted, or null when it can.</summary>
    public static string? FolderProblem(string directory) => PluginFileSystem.Current.CheckDirectoryChain(directory)?.Message;

    /// <summary>Why the file or folder <paramref name="path"/> itself cannot be trusted, or null when it can.</summary>
    public static string? EntryProblem(string path) => PluginFileSystem.Current.CheckEntry(path)?.Message;
}

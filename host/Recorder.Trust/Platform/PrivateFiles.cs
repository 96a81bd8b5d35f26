namespace Recorder.Trust;

/// <summary>
/// Files and folders only the recorder's own account (root; on Windows also Administrators and SYSTEM) may use:
/// 0600 / 0700 on Linux and macOS, a protected ACL on Windows. For callers outside Recorder.Trust, such as
/// `recorder keys new` and the host's data folder.
/// </summary>
public static class PrivateFiles
{
    /// <summary>Creates <paramref name="path"/> (and missing parents) as a private folder; an existing folder is left as it is.</summary>
    public static void CreateDirectory(string path) => PluginFileSystem.Current.CreatePrivateDirectory(path);

    /// <summary>Creates a private file, private from its first byte on.</summary>
    public static FileStream Create(string path, FileMode mode = FileMode.CreateNew) => PluginFileSystem.Current.CreatePrivateFile(path, mode);
}

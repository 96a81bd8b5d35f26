namespace Recorder.Trust;

/// <summary>
/// One pass over a plugin folder: every regular file with its size, refusing symlinks and special files, and (when
/// asked) anything not owned by root or writable by group or others.
/// </summary>
internal sealed class FolderScan
{
    private FolderScan(Dictionary<string, long> files) => Files = files;

    /// <summary>Relative path ('/' separators) → size in bytes, for every regular file including manifest.json and manifest.sig.</summary>
    public Dictionary<string, long> Files { get; }

    /// <summary>Scans <paramref name="directory"/> (an existing folder, not a symlink).</summary>
    public static (FolderScan? Scan, SafetyProblem? Problem) Run(string directory, bool checkOwnership)
    {
        var files = new Dictionary<string, long>(StringComparer.Ordinal);
        var problem = Walk(new DirectoryInfo(directory), "", checkOwnership, files);
        return problem is null ? (new FolderScan(files), null) : (null, problem);
    }

    private static SafetyProblem? Walk(DirectoryInfo folder, string prefix, bool checkOwnership, Dictionary<string, long> files)
    {
        foreach (var entry in folder.EnumerateFileSystemInfos())
        {
            var relative = prefix + entry.Name;
            if (entry.LinkTarget is not null)
                return new SafetyProblem(PluginRefusalReason.SymlinkFound, $"{relative}: is a symbolic link (to {entry.LinkTarget}); plugin folders hold only regular files and folders");

            var kind = PluginFileSystem.Current.KindOf(entry.FullName);
            if (kind == FileEntryKind.Link)
                return new SafetyProblem(PluginRefusalReason.SymlinkFound, $"{relative}: is a symbolic link; plugin folders hold only regular files and folders");
            if (kind == FileEntryKind.Special)
                return new SafetyProblem(PluginRefusalReason.SpecialFile, $"{relative}: is not a regular file (a fifo, socket or device)");
            if (checkOwnership && PluginFileSystem.Current.CheckEntry(entry.FullName) is { } unsafeEntry) return unsafeEntry;

            if (entry is DirectoryInfo sub)
            {
                if (Walk(sub, relative + "/", checkOwnership, files) is { } inner) return inner;
            }
            else
            {
                if (files.Count >= ManifestRules.MaxFiles + 2)
                    return new SafetyProblem(PluginRefusalReason.UnlistedFile, $"holds more than {ManifestRules.MaxFiles} files, more than any manifest may list");
                files.Add(relative, ((FileInfo)entry).Length);
            }
        }
        return null;
    }
}

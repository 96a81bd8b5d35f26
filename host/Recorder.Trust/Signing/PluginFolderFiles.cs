namespace Recorder.Trust;

/// <summary>Lists the files a manifest must cover: everything in the folder except its manifest and signature.</summary>
public static class PluginFolderFiles
{
    /// <summary>
    /// Relative paths (with '/') of every regular file under <paramref name="directory"/>, sorted ordinally.
    /// Throws for a symlink or a special file, which no plugin folder may hold.
    /// </summary>
    public static List<string> List(string directory)
    {
        var root = new DirectoryInfo(directory);
        if (!root.Exists) throw new PluginSigningException($"{directory}: no such folder");
        var result = new List<string>();
        Walk(root, "", result);
        result.Sort(StringComparer.Ordinal);
        return result;
    }

    private static void Walk(DirectoryInfo folder, string prefix, List<string> result)
    {
        foreach (var entry in folder.EnumerateFileSystemInfos())
        {
            var relative = prefix + entry.Name;
            if (entry.LinkTarget is not null)
                throw new PluginSigningException($"{entry.FullName}: is a symbolic link; plugin folders hold only regular files and folders");
            if (entry is DirectoryInfo sub)
            {
                Walk(sub, relative + "/", result);
                continue;
            }
            if (prefix.Length == 0 && entry.Name is ManifestRules.ManifestFileName or ManifestRules.SignatureFileName) continue;
            if (!IsRegularFile(entry.FullName))
                throw new PluginSigningException($"{entry.FullName}: is not a regular file");
            if (ManifestRules.CheckRelativePath(relative, out _) is { } problem)
                throw new PluginSigningException($"{entry.FullName}: the path '{relative}' {problem}");
            result.Add(relative);
        }
    }

    private static bool IsRegularFile(string path)
    {
        // Fifos, sockets and devices show as plain files to FileInfo; the file system's own entry type tells them apart.
        return PluginFileSystem.Current.KindOf(path) == FileEntryKind.RegularFile;
    }
}

namespace Recorder.JsonLines;

/// <summary>
/// The file operations of a JSON-lines file: created owner-only (0600) in owner-only folders, appended with
/// unbuffered writes (what was written is visible to readers at once), and repaired after a crash by cutting off a
/// torn last line, so every line is a whole JSON object.
/// </summary>
public static class JsonLinesFile
{
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Opens <paramref name="path"/> for appending, creating it owner-only.</summary>
    public static FileStream OpenAppend(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.Read | FileShare.Delete, BufferSize = 0 };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnlyFile;
        return new FileStream(path, options);
    }

    /// <summary>
    /// Creates the folder and every missing parent owner-only (0700): Directory.CreateDirectory applies its mode to the
    /// last folder only, and a parent left 0755 would let every local user list the files.
    /// </summary>
    public static void CreateOwnerOnlyFolders(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }
        var missing = new Stack<string>();
        for (var dir = folder; !string.IsNullOrEmpty(dir) && !Directory.Exists(dir); dir = Path.GetDirectoryName(dir)) missing.Push(dir);
        while (missing.TryPop(out var dir))
            Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>
    /// Cuts a torn last line (a write interrupted by a crash or a full disk) off the file, so every line in it is a
    /// whole JSON object. Returns the number of bytes removed.
    /// </summary>
    public static long RepairTornLine(string path)
    {
        if (!File.Exists(path)) return 0;
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        var length = file.Length;
        if (length == 0) return 0;
        var buffer = new byte[64 * 1024];
        var end = length;
        // Read backwards until the last newline.
        while (end > 0)
        {
            var start = Math.Max(0, end - buffer.Length);
            var count = (int)(end - start);
            file.Position = start;
            file.ReadExactly(buffer, 0, count);
            var newline = Array.LastIndexOf(buffer, (byte)'\n', count - 1, count);
            if (newline >= 0)
            {
                var keep = start + newline + 1;
                if (keep == length) return 0;
                file.SetLength(keep);
                return length - keep;
            }
            end = start;
        }
        file.SetLength(0);
        return length;
    }
}

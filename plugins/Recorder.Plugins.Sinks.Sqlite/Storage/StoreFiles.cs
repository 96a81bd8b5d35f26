namespace Recorder.Plugins.Sinks.Sqlite.Storage;

/// <summary>The files of one store on disk: the database and SQLite's companions, created readable by root only.</summary>
public static class StoreFiles
{
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Suffixes of the files SQLite keeps beside the database.</summary>
    public static readonly string[] CompanionSuffixes = ["-wal", "-shm", "-journal"];

    /// <summary>Creates the folder (0700) and an empty database file (0600) if they do not exist, so SQLite's
    /// companion files inherit owner-only permissions too.</summary>
    public static void EnsureCreated(string databasePath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(databasePath))!;
        if (!Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows()) Directory.CreateDirectory(directory);
            else Directory.CreateDirectory(directory, OwnerOnlyDirectory);
        }
        if (File.Exists(databasePath)) return;
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnlyFile;
        try
        {
            using var _ = new FileStream(databasePath, options);
        }
        catch (IOException) when (File.Exists(databasePath))
        {
            // Created meanwhile by someone else: fine.
        }
    }

    /// <summary>Bytes on disk of the database and every companion file.</summary>
    public static long SizeOnDisk(string databasePath)
    {
        long total = Length(databasePath);
        foreach (var suffix in CompanionSuffixes) total += Length(databasePath + suffix);
        return total;
    }

    internal static long Length(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists ? info.Length : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}

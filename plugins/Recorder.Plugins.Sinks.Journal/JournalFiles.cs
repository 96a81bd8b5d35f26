using System.Globalization;
using System.IO.Compression;
using Recorder.JsonLines;

namespace Recorder.Plugins.Sinks.Journal;

/// <summary>
/// The files of a journal folder: <c>events.jsonl</c> being written, and rotated files
/// <c>events-yyyyMMddTHHmmssfffZ.jsonl</c> (or <c>.jsonl.gz</c>) named by when they were rotated, so names sort by age.
/// </summary>
public static class JournalFiles
{
    /// <summary>Name of the file being written.</summary>
    public const string CurrentName = "events.jsonl";
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Rotated files, oldest first.</summary>
    public static List<FileInfo> Rotated(string folder) =>
        new DirectoryInfo(folder).EnumerateFiles("events-*.jsonl*")
            .Where(f => f.Name.EndsWith(".jsonl", StringComparison.Ordinal) || f.Name.EndsWith(".jsonl.gz", StringComparison.Ordinal))
            .Select(f => (File: f, Key: RotationKey(f.Name)))
            .OrderBy(f => f.Key.Stamp, StringComparer.Ordinal).ThenBy(f => f.Key.Sequence)
            .Select(f => f.File).ToList();

    // events-<stamp>[-<n>].jsonl[.gz]: two rotations in one millisecond get -1, -2, ... after the stamp. By name alone
    // "…Z-1.jsonl" sorted before "…Z.jsonl" ('-' < '.'), so the newer file was read, and deleted, first.
    private static (string Stamp, int Sequence) RotationKey(string name)
    {
        var body = name["events-".Length..name.IndexOf(".jsonl", StringComparison.Ordinal)];
        var dash = body.IndexOf('-');
        if (dash < 0) return (body, 0);
        return (body[..dash], int.TryParse(body[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0);
    }

    /// <summary>Bytes of every journal file in the folder.</summary>
    public static long TotalBytes(string folder)
    {
        long total = 0;
        foreach (var f in Rotated(folder)) total += f.Length;
        var current = new FileInfo(Path.Combine(folder, CurrentName));
        return total + (current.Exists ? current.Length : 0);
    }

    /// <summary>Opens the current file for appending, creating it owner-only.</summary>
    internal static FileStream OpenCurrent(string folder) => JsonLinesFile.OpenAppend(Path.Combine(folder, CurrentName));

    /// <summary>
    /// Cuts a torn last line (a write interrupted by a crash or a full disk) off the current file, so every line
    /// in the journal is a whole JSON object. Returns the number of bytes removed.
    /// </summary>
    public static long RepairTornLine(string path) => JsonLinesFile.RepairTornLine(path);

    /// <summary>Closes out the current file under a rotated name, gzipped when asked. Returns the rotated file.</summary>
    internal static string Rotate(string folder, DateTimeOffset now, bool compress)
    {
        var current = Path.Combine(folder, CurrentName);
        var stamp = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);
        var rotated = Path.Combine(folder, $"events-{stamp}.jsonl");
        for (var i = 1; File.Exists(rotated) || File.Exists(rotated + ".gz"); i++) rotated = Path.Combine(folder, $"events-{stamp}-{i}.jsonl");
        File.Move(current, rotated);
        if (!compress) return rotated;

        var gz = rotated + ".gz";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnlyFile;
        try
        {
            using (var input = File.OpenRead(rotated))
            using (var output = new FileStream(gz, options))
            using (var zip = new GZipStream(output, CompressionLevel.Fastest))
                input.CopyTo(zip);
            File.Delete(rotated);
            return gz;
        }
        catch (IOException)
        {
            // No room to compress: keep the plain file rather than lose it.
            File.Delete(gz);
            return rotated;
        }
    }

    /// <summary>Deletes rotated files, oldest first, beyond the count, size and age limits. Returns how many were deleted.</summary>
    internal static int Enforce(string folder, JournalSettings settings, DateTimeOffset now, long reserveBytes)
    {
        var rotated = Rotated(folder);
        var current = new FileInfo(Path.Combine(folder, CurrentName));
        long total = (current.Exists ? current.Length : 0) + reserveBytes;
        foreach (var f in rotated) total += f.Length;
        var deleted = 0;
        var cutoff = now.UtcDateTime - settings.MaxAge;
        foreach (var f in rotated)
        {
            var tooMany = rotated.Count - deleted > settings.MaxFiles;
            var tooBig = total > settings.MaxTotalBytes;
            var tooOld = f.LastWriteTimeUtc < cutoff;
            if (!tooMany && !tooBig && !tooOld) break;
            total -= f.Length;
            f.Delete();
            deleted++;
        }
        return deleted;
    }
}

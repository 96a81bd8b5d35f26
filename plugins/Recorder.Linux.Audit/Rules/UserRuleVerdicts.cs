using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Recorder.Linux.Audit.Rules;

/// <summary>
/// How a running recorder answers <c>recorder rules register</c>. The collector holds an exclusive lock on
/// <c>user-rules.watch</c> while it watches the rules file, and appends a verdict line to <c>user-rules.verdicts</c>
/// each time it applies the file: the file's content hash, then "loaded N" or "refused: why". The register command
/// sees the lock (a recorder is running), waits for the verdict on the content it wrote, and reports it. Lines
/// are kept for a few applies, because a refusal empties the file and that change gets a verdict of its own.
/// </summary>
public sealed class UserRuleVerdicts
{
    private const int LinesKept = 32;
    private readonly UserRuleStore _store;
    private readonly string _lockPath;
    private readonly string _verdictPath;

    /// <summary>Verdicts kept beside the rules file of <paramref name="store"/>.</summary>
    public UserRuleVerdicts(UserRuleStore store)
    {
        _store = store;
        var directory = Path.GetDirectoryName(store.FilePath)!;
        _lockPath = Path.Combine(directory, "user-rules.watch");
        _verdictPath = Path.Combine(directory, "user-rules.verdicts");
    }

    /// <summary>The content hash verdicts refer to (no file: "none").</summary>
    public static string HashOf(string? content) => content is null ? "none" : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));

    /// <summary>Held by the collector while it watches: an exclusive lock other processes can test. Dispose to release.</summary>
    public IDisposable HoldWatchLock()
    {
        _store.EnsureDirectory(); // a recorder that never had user rules has no folder for them yet
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        return new FileStream(_lockPath, options);
    }

    /// <summary>Whether a recorder holds the watch lock (then it will answer a registration).</summary>
    public bool IsWatched()
    {
        if (!File.Exists(_lockPath)) return false;
        try
        {
            using var probe = new FileStream(_lockPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Appends a verdict on the content with <paramref name="hash"/>.</summary>
    public void Record(string hash, bool loaded, string detail)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{hash}\t{(loaded ? "loaded" : "refused")}\t{detail.Replace('\n', ' ').Replace('\t', ' ')}");
        var lines = ReadLines().TakeLast(LinesKept - 1).Append(line);
        _store.EnsureDirectory();
        var temporary = _verdictPath + ".tmp-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        File.WriteAllLines(temporary, lines);
        File.Move(temporary, _verdictPath, overwrite: true);
    }

    /// <summary>The latest verdict on <paramref name="hash"/>, if any: loaded or not, and the detail.</summary>
    public (bool Loaded, string Detail)? Find(string hash)
    {
        foreach (var line in ReadLines().Reverse())
        {
            var parts = line.Split('\t', 3);
            if (parts.Length == 3 && parts[0] == hash) return (parts[1] == "loaded", parts[2]);
        }
        return null;
    }

    private string[] ReadLines()
    {
        try { return File.Exists(_verdictPath) ? File.ReadAllLines(_verdictPath) : []; }
        catch (IOException) { return []; }
    }
}

using System.Globalization;
using Recorder.Linux.Audit.Netlink;

namespace Recorder.Plugins.Collectors.LinuxAudit;

/// <summary>
/// The kernel's audit settings from before the recorder changed them, kept on disk until they are put back. A
/// recorder that was killed (SIGKILL, power loss) leaves the file behind; the next start then knows the real
/// originals, although the kernel now shows the recorder's values, and its clean stop restores them.
/// Plain <c>key=value</c> lines (no serializer: nothing that could keep the plugin's load context alive).
/// </summary>
internal sealed class OriginalKernelSettingsFile(string path)
{
    public string Path { get; } = path;

    /// <summary>The originals a previous run left, or null when it put them back (or never changed anything).</summary>
    public AuditStatusChange? Read()
    {
        if (!File.Exists(Path)) return null;
        uint? enabled = null, backlogLimit = null, backlogWait = null;
        foreach (var line in File.ReadAllLines(Path))
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !uint.TryParse(line.AsSpan(eq + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var value)) continue;
            switch (line[..eq])
            {
                case "enabled": enabled = value; break;
                case "backlog_limit": backlogLimit = value; break;
                case "backlog_wait_time": backlogWait = value; break;
            }
        }
        return new AuditStatusChange { Enabled = enabled, BacklogLimit = backlogLimit, BacklogWaitTime = backlogWait };
    }

    /// <summary>Writes the originals (owner-only), replacing the file atomically, before the kernel is changed.</summary>
    public void Write(AuditStatusChange originals)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var temporary = Path + ".tmp";
        var lines = new List<string>(3);
        if (originals.Enabled is { } enabled) lines.Add("enabled=" + enabled.ToString(CultureInfo.InvariantCulture));
        if (originals.BacklogLimit is { } limit) lines.Add("backlog_limit=" + limit.ToString(CultureInfo.InvariantCulture));
        if (originals.BacklogWaitTime is { } wait) lines.Add("backlog_wait_time=" + wait.ToString(CultureInfo.InvariantCulture));
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        using (var writer = new StreamWriter(stream))
        {
            foreach (var line in lines) writer.WriteLine(line);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temporary, Path, overwrite: true);
    }

    /// <summary>Forgets the originals once they are back in the kernel.</summary>
    public void Delete() => File.Delete(Path);
}

using Recorder.Contracts.Events;

namespace Recorder.Plugins.Collectors.LinuxAudit.Importing;

/// <summary>Where an imported audit log came from, as the events it yields say it (<see cref="RecorderEvent.Replay"/>).</summary>
internal static class AuditLogOrigin
{
    /// <summary>
    /// The identity of a log: its first line (the first record's time and serial, and node= when the log names its
    /// host) hashed, so the same log imported again, on any boot of any machine, is the same history.
    /// </summary>
    public static ReplayOrigin Of(FileInfo file)
    {
        string first;
        using (var reader = new StreamReader(file.OpenRead()))
            first = (reader.ReadLine() ?? "").Trim();
        var id = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(first)))[..32].ToLowerInvariant();
        string? host = null;
        if (first.StartsWith("node=", StringComparison.Ordinal))
        {
            var end = first.IndexOf(' ');
            host = end > 5 ? first[5..end] : null;
        }
        return new ReplayOrigin(id, host);
    }
}

using System.Globalization;

namespace Recorder.Plugins.Sinks.Kafka;

/// <summary>
/// The spool's durable cursor, file <c>cursor</c>: <c>&lt;segment&gt; &lt;offset&gt; &lt;sent segment&gt; &lt;sent offset&gt;</c>.
/// Everything before the first position was acknowledged by Kafka; everything up to the second had been handed to
/// the producer (after a restart, the events between the two are sent again and counted as possible duplicates).
/// Replaced atomically (written aside, then renamed).
/// </summary>
internal static class SpoolCursorFile
{
    public const string Name = "cursor";

    public static (SpoolPosition Acknowledged, SpoolPosition Sent)? Read(string folder)
    {
        var path = Path.Combine(folder, Name);
        if (!File.Exists(path)) return null;
        var parts = File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length != 4 || !parts.All(p => long.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _))) return null;
        var n = parts.Select(p => long.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        return (new SpoolPosition(n[0], n[1]), new SpoolPosition(n[2], n[3]));
    }

    public static void Write(string folder, SpoolPosition acknowledged, SpoolPosition sent)
    {
        var path = Path.Combine(folder, Name);
        var aside = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var file = new FileStream(aside, options))
        using (var writer = new StreamWriter(file))
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"{acknowledged.Segment} {acknowledged.Offset} {sent.Segment} {sent.Offset}\n"));
        File.Move(aside, path, overwrite: true);
    }
}

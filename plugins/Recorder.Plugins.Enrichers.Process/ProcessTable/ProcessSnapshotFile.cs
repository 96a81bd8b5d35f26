using System.Text;

namespace Recorder.Plugins.Enrichers.Process.ProcessTable;

/// <summary>
/// The process table as saved at stop (in the plugin's data folder) or handed to a hot-reload successor:
/// the boot id, when it was saved, the boot time start times were dated from, and every entry (running and recently exited). Little-endian binary,
/// versioned; written to a temporary file and renamed so a crash never leaves half a snapshot.
/// </summary>
internal static class ProcessSnapshotFile
{
    public const string FileName = "process-table.snapshot";
    private const uint Magic = 0x54505052; // "RPPT"
    private const int Version = 2; // 2 added argv and the container id; 1 is still read

    public sealed record Contents(Guid BootId, DateTime SavedAtUtc, long BootUtcTicks, List<ProcessEntry> Entries);

    public static byte[] Serialize(Guid bootId, DateTime savedAtUtc, long bootUtcTicks, IReadOnlyList<ProcessEntry> entries)
    {
        using var stream = new MemoryStream(64 + entries.Count * 128);
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(Version);
            w.Write(bootId.ToByteArray());
            w.Write(savedAtUtc.Ticks);
            w.Write(bootUtcTicks);
            w.Write(entries.Count);
            foreach (var e in entries)
            {
                w.Write(e.Pid);
                w.Write(e.ParentPid);
                w.Write(e.StartTicks);
                w.Write(e.StartFromEvent);
                w.Write(e.ExitUtcTicks);
                WriteString(w, e.Executable);
                WriteString(w, e.CommandLine);
                WriteString(w, e.WorkingDirectory);
                WriteString(w, e.Terminal);
                w.Write(e.Uid);
                w.Write(e.EffectiveUid);
                w.Write(e.Gid);
                w.Write(e.LoginUid);
                w.Write(e.SessionId);
                w.Write(e.Arguments is null ? -1 : e.Arguments.Count);
                if (e.Arguments is not null) foreach (var arg in e.Arguments) w.Write(arg);
                WriteString(w, e.ContainerId);
            }
        }
        return stream.ToArray();
    }

    /// <summary>Parses a snapshot; <paramref name="source"/> names it in the error when it is damaged.</summary>
    public static Contents Deserialize(ReadOnlyMemory<byte> bytes, string source)
    {
        try
        {
            using var stream = new MemoryStream(bytes.ToArray(), writable: false);
            using var r = new BinaryReader(stream, Encoding.UTF8);
            if (r.ReadUInt32() != Magic) throw new InvalidDataException("not a process table snapshot");
            var version = r.ReadInt32();
            if (version is < 1 or > Version) throw new InvalidDataException($"version {version} is not supported (expected 1 to {Version})");
            var bootId = new Guid(r.ReadBytes(16));
            var savedAt = new DateTime(r.ReadInt64(), DateTimeKind.Utc);
            var bootUtcTicks = r.ReadInt64();
            var count = r.ReadInt32();
            if (count < 0 || count > 10_000_000) throw new InvalidDataException($"entry count {count} is out of range");
            var entries = new List<ProcessEntry>(count);
            for (var i = 0; i < count; i++)
            {
                var entry = new ProcessEntry
                {
                    Pid = r.ReadInt32(),
                    ParentPid = r.ReadInt32(),
                    StartTicks = r.ReadInt64(),
                    StartFromEvent = r.ReadBoolean(),
                    ExitUtcTicks = r.ReadInt64(),
                    Executable = ReadString(r),
                    CommandLine = ReadString(r),
                    WorkingDirectory = ReadString(r),
                    Terminal = ReadString(r),
                    Uid = r.ReadInt64(),
                    EffectiveUid = r.ReadInt64(),
                    Gid = r.ReadInt64(),
                    LoginUid = r.ReadInt64(),
                    SessionId = r.ReadInt64(),
                };
                if (version >= 2)
                {
                    var argc = r.ReadInt32();
                    if (argc < -1 || argc > 1 << 20) throw new InvalidDataException($"argument count {argc} is out of range");
                    if (argc >= 0)
                    {
                        var args = new string[argc];
                        for (var a = 0; a < argc; a++) args[a] = r.ReadString();
                        entry.Arguments = args;
                    }
                    entry.ContainerId = ReadString(r);
                }
                entries.Add(entry);
            }
            return new Contents(bootId, savedAt, bootUtcTicks, entries);
        }
        catch (Exception ex) when (ex is EndOfStreamException or InvalidDataException or ArgumentException)
        {
            throw new InvalidDataException($"{source}: damaged process table snapshot ({ex.Message}).", ex);
        }
    }

    public static void WriteAtomically(string path, byte[] bytes)
    {
        var temp = path + ".tmp";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, path, overwrite: true);
    }

    private static void WriteString(BinaryWriter w, string? s)
    {
        w.Write(s is not null);
        if (s is not null) w.Write(s);
    }

    private static string? ReadString(BinaryReader r) => r.ReadBoolean() ? r.ReadString() : null;
}

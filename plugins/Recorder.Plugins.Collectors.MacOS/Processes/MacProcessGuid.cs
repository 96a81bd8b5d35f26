namespace Recorder.Plugins.Collectors.MacOS.Processes;

/// <summary>
/// Deterministic process GUIDs for macOS, laid out like the Linux ones so a responder can read them:
/// <code>
///   MMMMMMMM-TTTT-TTTT-TTTT-VVVVPPPPPPPP
///   M = 32 bits of the machine key   T = start time, milliseconds since 1970 (48 bits; 0 when not known)
///   V = low 16 bits of the pid version (EndpointSecurity's audit token; 0 from BSM, which has none)
///   P = pid (32 bits)
/// </code>
/// The same process seen twice (two imports of one trail, a restarted recorder) gets the same GUID; two processes
/// that reused a pid differ by their start time or pid version.
/// </summary>
internal sealed class MacProcessGuid(uint machineKey)
{
    /// <summary>The machine key from a machine identifier (IOPlatformUUID, a header's address, ...): FNV-1a of its text.</summary>
    public static MacProcessGuid ForMachine(string machineId)
    {
        var hash = 2166136261u;
        foreach (var c in machineId)
        {
            hash ^= c;
            hash *= 16777619u;
        }
        return new MacProcessGuid(hash);
    }

    public Guid Create(long pid, long pidVersion, DateTime? startTime)
    {
        var t = startTime is { } s ? (ulong)Math.Max(0, (s - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerMillisecond) & 0xFFFF_FFFF_FFFF : 0;
        var v = (ushort)pidVersion;
        var p = (uint)pid;
        return new Guid(machineKey, (ushort)(t >> 32), (ushort)(t >> 16), (byte)(t >> 8), (byte)t,
            (byte)(v >> 8), (byte)v, (byte)(p >> 24), (byte)(p >> 16), (byte)(p >> 8), (byte)p);
    }
}

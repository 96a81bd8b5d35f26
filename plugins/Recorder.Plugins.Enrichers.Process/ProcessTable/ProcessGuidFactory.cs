namespace Recorder.Plugins.Enrichers.Process.ProcessTable;

/// <summary>
/// Deterministic process GUIDs, laid out so a responder can read them (like Sysmon's ProcessGuid):
/// <code>
///   BBBBBBBB-TTTT-TTTT-TTTT-bbbbPPPPPPPP
///   B = first 8 hex digits of the boot id   T = start time, clock ticks since boot (48 bits)
///   b = next 4 hex digits of the boot id    P = PID (32 bits)
/// </code>
/// Within one boot the mapping (pid, start ticks) → GUID is one-to-one, so two processes that reused a PID
/// never share a GUID (the kernel never starts two processes with one PID in the same tick). The start time is
/// <c>/proc/&lt;pid&gt;/stat</c> field 22, which does not change for the life of the process, so a restarted
/// recorder computes the same GUID. 48 bits of the boot id keep GUIDs apart across boots and hosts.
/// </summary>
public sealed class ProcessGuidFactory
{
    private readonly uint _bootHigh;
    private readonly ushort _bootLow;

    /// <summary>Creates a factory for the boot identified by <paramref name="bootId"/>.</summary>
    public ProcessGuidFactory(Guid bootId)
    {
        BootId = bootId;
        Span<byte> bytes = stackalloc byte[16];
        bootId.TryWriteBytes(bytes, bigEndian: true, out _);
        _bootHigh = (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
        _bootLow = (ushort)(bytes[4] << 8 | bytes[5]);
    }

    /// <summary>The boot id the GUIDs are tied to.</summary>
    public Guid BootId { get; }

    /// <summary>The GUID of the process <paramref name="pid"/> that started <paramref name="startTicks"/> clock ticks after boot.</summary>
    public Guid Create(int pid, long startTicks)
    {
        var t = (ulong)startTicks & 0xFFFF_FFFF_FFFF;
        var p = (uint)pid;
        return new Guid(_bootHigh, (ushort)(t >> 32), (ushort)(t >> 16),
            (byte)(t >> 8), (byte)t,
            (byte)(_bootLow >> 8), (byte)_bootLow,
            (byte)(p >> 24), (byte)(p >> 16), (byte)(p >> 8), (byte)p);
    }

    /// <summary>Reads the PID and start ticks back from a GUID this layout made (for tools and tests).</summary>
    public static (int Pid, long StartTicks) Decode(Guid guid)
    {
        Span<byte> b = stackalloc byte[16];
        guid.TryWriteBytes(b, bigEndian: true, out _);
        long ticks = (long)b[4] << 40 | (long)b[5] << 32 | (long)b[6] << 24 | (long)b[7] << 16 | (long)b[8] << 8 | b[9];
        int pid = b[12] << 24 | b[13] << 16 | b[14] << 8 | b[15];
        return (pid, ticks);
    }
}

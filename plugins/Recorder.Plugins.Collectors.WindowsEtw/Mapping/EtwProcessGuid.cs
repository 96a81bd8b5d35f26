using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Recorder.Plugins.Collectors.WindowsEtw.Mapping;

/// <summary>
/// Process GUIDs built as Sysmon builds its ProcessGuid: the machine (4 bytes), the process creation time in Unix
/// seconds (as Sysmon: its low half in Data2, its high half in Data3) and the kernel's process start key (8 bytes).
/// Two processes with the same PID differ in creation time or start key, so PID reuse never merges them.
/// </summary>
internal static class EtwProcessGuid
{
    /// <summary>The machine part: the first 4 bytes of the SHA-256 of the machine's identity.</summary>
    public static uint MachineKey(string machine) =>
        BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(machine)));

    public static Guid Create(uint machine, DateTime creationUtc, ulong startKey)
    {
        var seconds = (uint)Math.Clamp(new DateTimeOffset(DateTime.SpecifyKind(creationUtc, DateTimeKind.Utc)).ToUnixTimeSeconds(), 0, uint.MaxValue);
        Span<byte> key = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(key, startKey);
        return new Guid(unchecked((int)machine), unchecked((short)(seconds & 0xFFFF)), unchecked((short)(seconds >> 16)),
            key[0], key[1], key[2], key[3], key[4], key[5], key[6], key[7]);
    }
}

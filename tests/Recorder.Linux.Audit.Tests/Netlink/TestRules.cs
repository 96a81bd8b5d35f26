using System.Buffers.Binary;
using System.Text;

namespace Recorder.Linux.Audit.Tests.Netlink;

/// <summary>
/// Builds a minimal audit_rule_data by hand (exit filter, always, one x86_64 syscall, a key), so the netlink
/// tests do not depend on the rule compiler. Layout per include/uapi/linux/audit.h.
/// </summary>
internal static class TestRules
{
    private const uint AuditFilterExit = 0x04;
    private const uint AuditAlways = 2;
    private const uint AuditArch = 11;
    private const uint AuditFilterKey = 210;
    private const uint AuditEqual = 0x40000000;
    private const uint ArchX86_64 = 0xC000003E;
    private const int HeaderSize = 1040;

    public static byte[] ExitAlways(int syscall, string key)
    {
        var keyBytes = Encoding.ASCII.GetBytes(key);
        var data = new byte[(HeaderSize + keyBytes.Length + 3) & ~3];
        var span = data.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span[0..], AuditFilterExit);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], AuditAlways);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], 2); // field_count
        var maskWord = 12 + syscall / 32 * 4;
        BinaryPrimitives.WriteUInt32LittleEndian(span[maskWord..], 1u << (syscall % 32));
        const int fields = 12 + 64 * 4, values = fields + 64 * 4, flags = values + 64 * 4, buflen = flags + 64 * 4;
        BinaryPrimitives.WriteUInt32LittleEndian(span[fields..], AuditArch);
        BinaryPrimitives.WriteUInt32LittleEndian(span[values..], ArchX86_64);
        BinaryPrimitives.WriteUInt32LittleEndian(span[flags..], AuditEqual);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(fields + 4)..], AuditFilterKey);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(values + 4)..], (uint)keyBytes.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(flags + 4)..], AuditEqual);
        BinaryPrimitives.WriteUInt32LittleEndian(span[buflen..], (uint)keyBytes.Length);
        keyBytes.CopyTo(span[HeaderSize..]);
        return data;
    }

    /// <summary>The key of a listed rule (the last buf bytes of a one-string rule), for finding ours.</summary>
    public static bool HasKey(byte[] rule, string key)
    {
        var buflen = (int)BinaryPrimitives.ReadUInt32LittleEndian(rule.AsSpan(HeaderSize - 4));
        return buflen > 0 && rule.Length >= HeaderSize + buflen
            && Encoding.ASCII.GetString(rule, HeaderSize, buflen).Split('\x01').Contains(key);
    }
}

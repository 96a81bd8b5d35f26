using System.Text;

namespace Recorder.Linux.Audit.Parsing;

/// <summary>
/// Names of audit record types as auditd writes them (<c>type=SYSCALL</c>), both ways. Lookup by bytes is a
/// bucket per (length, first letter) so the hot path never allocates a string.
/// </summary>
public static class AuditRecordTypeNames
{
    // One table of names: auditctl's (generated from audit-userspace, Rules/Tables/), plus the types that
    // audit-userspace 3.0.9's table has no name for but the kernel or newer auditd write.
    private static readonly (int Type, string Name)[] Known =
    [
        .. Rules.MessageTypeTable.All.Select(e => (e.Number, e.Name)),
        (1204, "DAEMON_RECONFIG"), (1329, "REPLACE"), (1338, "DM_CTRL"), (1339, "DM_EVENT"),
        (1420, "MAC_TASK_CONTEXTS"), (1421, "MAC_OBJ_CONTEXTS"),
    ];

    private static readonly Dictionary<int, string> NameByType = Known.ToDictionary(k => k.Type, k => k.Name);

    // Buckets keyed by (length, first byte): names are short upper-case ASCII, so a bucket holds one to three names.
    private static readonly Dictionary<int, (byte[] Name, int Type)[]> Buckets = Known
        .GroupBy(k => BucketKey(k.Name.Length, (byte)k.Name[0]))
        .ToDictionary(g => g.Key, g => g.Select(k => (Encoding.ASCII.GetBytes(k.Name), k.Type)).ToArray());

    private static int BucketKey(int length, byte first) => (length << 8) | first;

    /// <summary>
    /// The type number of a name as written in logs: a known name, or <c>UNKNOWN[1329]</c> (auditd's spelling of
    /// a type it has no name for). Returns false for anything else.
    /// </summary>
    public static bool TryGetType(ReadOnlySpan<byte> name, out int type)
    {
        type = 0;
        if (name.IsEmpty) return false;
        if (Buckets.TryGetValue(BucketKey(name.Length, name[0]), out var bucket))
        {
            foreach (var (candidate, t) in bucket)
            {
                if (name.SequenceEqual(candidate)) { type = t; return true; }
            }
        }
        // UNKNOWN[1234]
        if (name.Length > 9 && name.StartsWith("UNKNOWN["u8) && name[^1] == (byte)']')
            return AuditNumber.TryParseDecimal(name[8..^1], out type);
        return false;
    }

    /// <summary>The name of a type number, or <c>UNKNOWN[n]</c>.</summary>
    public static string GetName(int type) => NameByType.TryGetValue(type, out var name) ? name : $"UNKNOWN[{type}]";
}

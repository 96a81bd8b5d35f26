namespace Recorder.Linux.Audit.Rules;

/// <summary>
/// The <c>-C left op right</c> comparisons between two fields of the same event. The kernel knows each allowed pair
/// as one AUDIT_COMPARE_* number (linux/audit.h); the pair may be written in either order.
/// </summary>
public static class AuditFieldComparison
{
    // Number, first field, second field: the names auditctl prints for each (auditctl-listing.c print_field_cmp).
    private static readonly (uint Number, string Left, string Right)[] Pairs =
    [
        (1, "uid", "obj_uid"), (2, "gid", "obj_gid"), (3, "euid", "obj_uid"), (4, "egid", "obj_gid"),
        (5, "auid", "obj_uid"), (6, "suid", "obj_uid"), (7, "sgid", "obj_gid"), (8, "fsuid", "obj_uid"),
        (9, "fsgid", "obj_gid"), (10, "uid", "auid"), (11, "uid", "euid"), (12, "uid", "fsuid"), (13, "uid", "suid"),
        (14, "auid", "fsuid"), (15, "auid", "suid"), (16, "auid", "euid"), (17, "euid", "suid"), (18, "euid", "fsuid"),
        (19, "suid", "fsuid"), (20, "gid", "egid"), (21, "gid", "fsgid"), (22, "gid", "sgid"), (23, "egid", "fsgid"),
        (24, "egid", "sgid"), (25, "sgid", "fsgid"),
    ];

    /// <summary>The AUDIT_COMPARE_* number for two field names (auditctl's own names), in either order.</summary>
    public static bool TryGetNumber(string left, string right, out uint number)
    {
        left = Canonical(left);
        right = Canonical(right);
        foreach (var pair in Pairs)
        {
            if ((pair.Left == left && pair.Right == right) || (pair.Left == right && pair.Right == left))
            {
                number = pair.Number;
                return true;
            }
        }
        number = 0;
        return false;
    }

    /// <summary>The two field names auditctl prints for a comparison number, or null when unknown.</summary>
    public static (string Left, string Right)? GetNames(uint number)
    {
        foreach (var pair in Pairs)
            if (pair.Number == number) return (pair.Left, pair.Right);
        return null;
    }

    private static string Canonical(string name) => name == "loginuid" ? "auid" : name;
}

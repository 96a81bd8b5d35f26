namespace Recorder.Linux.Audit.Rules;

/// <summary>Rule field identifiers of the kernel's <c>audit_rule_data.fields</c> (linux/audit.h).</summary>
public enum AuditField : uint
{
    Pid = 0,
    Uid = 1,
    Euid = 2,
    Suid = 3,
    Fsuid = 4,
    Gid = 5,
    Egid = 6,
    Sgid = 7,
    Fsgid = 8,
    LoginUid = 9,
    Personality = 10,
    Arch = 11,
    MessageType = 12,
    SubjectUser = 13,
    SubjectRole = 14,
    SubjectType = 15,
    SubjectSensitivity = 16,
    SubjectClearance = 17,
    Ppid = 18,
    ObjectUser = 19,
    ObjectRole = 20,
    ObjectType = 21,
    ObjectLevelLow = 22,
    ObjectLevelHigh = 23,
    LoginUidSet = 24,
    SessionId = 25,
    FilesystemType = 26,
    DevMajor = 100,
    DevMinor = 101,
    Inode = 102,
    Exit = 103,
    Success = 104,
    Watch = 105,
    Perm = 106,
    Dir = 107,
    FileType = 108,
    ObjectUid = 109,
    ObjectGid = 110,
    FieldCompare = 111,
    Exe = 112,
    SocketAddressFamily = 113,
    Arg0 = 200,
    Arg1 = 201,
    Arg2 = 202,
    Arg3 = 203,
    FilterKey = 210,
}

/// <summary>Field names as auditctl spells them (audit-userspace lib/fieldtab.h), and which fields carry text.</summary>
public static class AuditFieldNames
{
    private static readonly Dictionary<string, AuditField> ByName = new(StringComparer.Ordinal)
    {
        ["pid"] = AuditField.Pid, ["uid"] = AuditField.Uid, ["euid"] = AuditField.Euid, ["suid"] = AuditField.Suid,
        ["fsuid"] = AuditField.Fsuid, ["gid"] = AuditField.Gid, ["egid"] = AuditField.Egid, ["sgid"] = AuditField.Sgid,
        ["fsgid"] = AuditField.Fsgid, ["auid"] = AuditField.LoginUid, ["loginuid"] = AuditField.LoginUid,
        ["pers"] = AuditField.Personality, ["arch"] = AuditField.Arch, ["msgtype"] = AuditField.MessageType,
        ["subj_user"] = AuditField.SubjectUser, ["subj_role"] = AuditField.SubjectRole, ["subj_type"] = AuditField.SubjectType,
        ["subj_sen"] = AuditField.SubjectSensitivity, ["subj_clr"] = AuditField.SubjectClearance, ["ppid"] = AuditField.Ppid,
        ["obj_user"] = AuditField.ObjectUser, ["obj_role"] = AuditField.ObjectRole, ["obj_type"] = AuditField.ObjectType,
        ["obj_lev_low"] = AuditField.ObjectLevelLow, ["obj_lev_high"] = AuditField.ObjectLevelHigh,
        ["sessionid"] = AuditField.SessionId, ["devmajor"] = AuditField.DevMajor, ["devminor"] = AuditField.DevMinor,
        ["inode"] = AuditField.Inode, ["exit"] = AuditField.Exit, ["success"] = AuditField.Success, ["path"] = AuditField.Watch,
        ["perm"] = AuditField.Perm, ["dir"] = AuditField.Dir, ["filetype"] = AuditField.FileType, ["fstype"] = AuditField.FilesystemType,
        ["obj_uid"] = AuditField.ObjectUid, ["obj_gid"] = AuditField.ObjectGid, ["field_compare"] = AuditField.FieldCompare,
        ["a0"] = AuditField.Arg0, ["a1"] = AuditField.Arg1, ["a2"] = AuditField.Arg2, ["a3"] = AuditField.Arg3,
        ["key"] = AuditField.FilterKey, ["exe"] = AuditField.Exe, ["saddr_fam"] = AuditField.SocketAddressFamily,
    };

    /// <summary>Looks a field up by its auditctl name (<c>auid</c> and <c>loginuid</c> are the same field).</summary>
    public static bool TryGetField(string name, out AuditField field) => ByName.TryGetValue(name, out field);

    /// <summary>The auditctl name of a field (<c>auid</c> for the login uid), or null when auditctl has none.</summary>
    public static string? GetName(AuditField field) => field switch
    {
        AuditField.LoginUid => "auid",
        AuditField.Watch => "path",
        AuditField.LoginUidSet => null,
        _ => NameOf(field),
    };

    private static string? NameOf(AuditField field)
    {
        foreach (var (name, value) in ByName)
            if (value == field && name != "loginuid") return name;
        return null;
    }

    /// <summary>True for fields whose value is a string in the rule's buffer (the kernel's own list).</summary>
    public static bool IsText(AuditField field) => field switch
    {
        >= AuditField.SubjectUser and <= AuditField.ObjectLevelHigh => field != AuditField.Ppid,
        AuditField.Watch or AuditField.Dir or AuditField.FilterKey or AuditField.Exe => true,
        _ => false,
    };
}

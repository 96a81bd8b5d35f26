using System.Globalization;
using System.Text;

namespace Recorder.Linux.Audit.Rules;

/// <summary>
/// Prints a rule the way <c>auditctl -l</c> (3.0.9, without <c>-i</c>) lists it: watches as
/// <c>-w path -p perms -k key</c>, everything else as <c>-a action,list -F arch=.. -S names -F ...</c>.
/// </summary>
public static class AuditRuleFormatter
{
    /// <summary>The rule's <c>auditctl -l</c> line, without a line break.</summary>
    public static string Format(AuditRule rule) => Format(rule, AuditArch.Native);

    /// <summary>As <see cref="Format(AuditRule)"/>, naming syscalls of rules without <c>arch=</c> after <paramref name="nativeArch"/>.</summary>
    public static string Format(AuditRule rule, uint nativeArch)
    {
        var text = new StringBuilder(128);
        var watch = LooksLikeWatch(rule);
        if (!watch)
        {
            text.Append("-a ").Append(AuditRuleNames.ToName(rule.Action)).Append(',').Append(AuditRuleNames.ToName(rule.List));
            foreach (var field in rule.Fields)
            {
                if (field.Field != AuditField.Arch) continue;
                text.Append(" -F arch").Append(AuditOperators.ToSymbol(field.Operator));
                if (AuditArch.IsKnown(field.Value)) text.Append(AuditArch.Is64Bit(field.Value) ? "b64" : "b32");
                else text.Append("0x").Append(field.Value.ToString("X", CultureInfo.InvariantCulture));
            }
            AppendSyscalls(text, rule, rule.Arch ?? nativeArch);
        }

        foreach (var field in rule.Fields)
        {
            if (field.Field == AuditField.Arch) continue;
            AppendField(text, field, watch);
        }
        if (rule.Keys.Count > 0)
        {
            foreach (var key in rule.Keys)
            {
                if (key.Length == 0) continue; // auditctl splits with strtok, which skips empty pieces
                text.Append(watch ? " -k " : " -F key=").Append(key);
            }
        }
        return text.ToString();
    }

    /// <summary>
    /// auditctl's test for printing a rule as a watch: only path/dir, perm and key conditions, a perm condition,
    /// and (on lists that take syscalls) every syscall.
    /// </summary>
    public static bool LooksLikeWatch(AuditRule rule)
    {
        var hasPerm = false;
        foreach (var field in rule.Fields)
        {
            if (field.Field == AuditField.Perm) hasPerm = true;
            else if (field.Field is not (AuditField.Dir or AuditField.Watch or AuditField.FilterKey)) return false;
        }
        var allSyscalls = rule.List is AuditFilterList.User or AuditFilterList.Task or AuditFilterList.Exclude or AuditFilterList.Filesystem
            || rule.Syscalls.IsAll;
        return hasPerm && allSyscalls;
    }

    private static void AppendSyscalls(StringBuilder text, AuditRule rule, uint arch)
    {
        if (rule.List is AuditFilterList.User or AuditFilterList.Task or AuditFilterList.Exclude or AuditFilterList.Filesystem)
            return;
        if (rule.Syscalls.IsAll)
        {
            text.Append(" -S all");
            return;
        }
        var count = 0;
        foreach (var number in rule.Syscalls.Numbers)
        {
            text.Append(count == 0 ? " -S " : ",");
            var name = SyscallTable.GetName(arch, number);
            if (name is not null) text.Append(name);
            else text.Append(number.ToString(CultureInfo.InvariantCulture));
            count++;
        }
    }

    private static void AppendField(StringBuilder text, AuditRuleField field, bool watch)
    {
        var op = AuditOperators.ToSymbol(field.Operator);
        var signed = unchecked((int)field.Value).ToString(CultureInfo.InvariantCulture);
        var name = AuditFieldNames.GetName(field.Field);
        if (name is null || field.Field == AuditField.FilterKey)
        {
            if (field.Field == AuditField.FilterKey) // a key that was not last: print it where it is
            {
                foreach (var key in (field.Text ?? "").Split('\u0001', StringSplitOptions.RemoveEmptyEntries))
                    text.Append(watch ? " -k " : " -F key=").Append(key);
                return;
            }
            text.Append(" f").Append(((uint)field.Field).ToString(CultureInfo.InvariantCulture)).Append(op).Append(signed);
            return;
        }

        switch (field.Field)
        {
            case AuditField.MessageType:
                text.Append(" -F ").Append(name).Append(op).Append(MessageTypeTable.GetName((int)field.Value) ?? signed);
                break;
            case AuditField.Watch or AuditField.Dir:
                if (watch) text.Append("-w ").Append(field.Text);
                else text.Append(" -F ").Append(name).Append('=').Append(field.Text);
                break;
            case AuditField.Perm:
                var perms = new StringBuilder(4);
                if ((field.Value & AuditPermissions.Read) != 0) perms.Append('r');
                if ((field.Value & AuditPermissions.Write) != 0) perms.Append('w');
                if ((field.Value & AuditPermissions.Execute) != 0) perms.Append('x');
                if ((field.Value & AuditPermissions.Attribute) != 0) perms.Append('a');
                text.Append(watch ? " -p " : " -F perm=").Append(perms);
                break;
            case AuditField.Inode:
                text.Append(" -F ").Append(name).Append(op).Append(field.Value.ToString(CultureInfo.InvariantCulture));
                break;
            case AuditField.FieldCompare:
                if (AuditFieldComparison.GetNames(field.Value) is { } pair)
                    text.Append(" -C ").Append(pair.Left).Append(op).Append(pair.Right);
                break;
            case >= AuditField.Arg0 and <= AuditField.Arg3:
                // auditctl shows syscall arguments in hex.
                text.Append(" -F ").Append(name).Append(op).Append("0x").Append(field.Value.ToString("X", CultureInfo.InvariantCulture));
                break;
            case AuditField.Exit:
                var exit = unchecked((int)field.Value);
                var errno = exit < 0 ? ErrnoTable.GetName(-exit) : null;
                text.Append(" -F ").Append(name).Append(op).Append(errno is not null ? "-" + errno : signed);
                break;
            case AuditField.FilesystemType:
                text.Append(" -F ").Append(name).Append(op).Append(FilesystemTypes.GetName(field.Value) ?? signed);
                break;
            default:
                if (field.Text is not null) text.Append(" -F ").Append(name).Append(op).Append(field.Text);
                else text.Append(" -F ").Append(name).Append(op).Append(signed);
                break;
        }
    }
}

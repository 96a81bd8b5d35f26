namespace Recorder.Linux.Audit.Rules;

/// <summary>
/// A kernel audit rule: which list, what action, which syscalls, which conditions, which keys. Produced by
/// <see cref="AuditRuleParser"/> from auditctl text or by <see cref="AuditRuleEncoder.Decode"/> from the kernel's
/// binary, turned into the kernel's binary by <see cref="AuditRuleEncoder.Encode"/> and into <c>auditctl -l</c>
/// text by <see cref="AuditRuleFormatter.Format"/>.
/// </summary>
public sealed class AuditRule
{
    public AuditRule(
        AuditRuleCommand command,
        AuditFilterList list,
        AuditRuleAction action,
        SyscallMask syscalls,
        IReadOnlyList<AuditRuleField> fields,
        IReadOnlyList<string> keys,
        bool isWatch = false,
        string? text = null)
    {
        Command = command;
        List = list;
        Action = action;
        Syscalls = syscalls;
        Fields = fields;
        Keys = keys;
        IsWatch = isWatch;
        Text = text;
    }

    /// <summary>Append (<c>-a</c>, <c>-w</c>), prepend (<c>-A</c>) or delete (<c>-d</c>, <c>-W</c>).</summary>
    public AuditRuleCommand Command { get; }

    public AuditFilterList List { get; }

    public AuditRuleAction Action { get; }

    /// <summary>The syscall bitmap; all bits for <c>-S all</c> and for rules written without <c>-S</c>.</summary>
    public SyscallMask Syscalls { get; }

    /// <summary>The conditions in the order the kernel evaluates them; the key is not among them (see <see cref="Keys"/>).</summary>
    public IReadOnlyList<AuditRuleField> Fields { get; }

    /// <summary>The rule's keys (<c>-k</c> or <c>-F key=</c>); the kernel stores them as one string joined by 0x01.</summary>
    public IReadOnlyList<string> Keys { get; }

    /// <summary>Written as a watch (<c>-w path -p perms</c>).</summary>
    public bool IsWatch { get; }

    /// <summary>The text the rule was parsed from, when it was parsed; null for decoded rules.</summary>
    public string? Text { get; }

    /// <summary>The AUDIT_ARCH value of an <c>arch=</c> condition, or null when the rule has none.</summary>
    public uint? Arch
    {
        get
        {
            foreach (var condition in Fields)
                if (condition.Field == AuditField.Arch) return condition.Value;
            return null;
        }
    }

    /// <summary>The text of the first <c>path=</c>/<c>dir=</c> condition (also the target of a watch), or null.</summary>
    public string? WatchPath
    {
        get
        {
            foreach (var condition in Fields)
                if (condition.Field is AuditField.Watch or AuditField.Dir) return condition.Text;
            return null;
        }
    }

    /// <summary>The keys as the kernel stores them: joined with 0x01.</summary>
    public string? JoinedKey => Keys.Count == 0 ? null : string.Join('\u0001', Keys);

    /// <summary>The same rule under another command; the kernel deletes a prepended rule by its appended form.</summary>
    public AuditRule WithCommand(AuditRuleCommand command) =>
        command == Command ? this : new AuditRule(command, List, Action, Syscalls, Fields, Keys, IsWatch, Text);

    public override string ToString() => Text ?? AuditRuleFormatter.Format(this);
}

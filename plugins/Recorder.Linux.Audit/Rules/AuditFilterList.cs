namespace Recorder.Linux.Audit.Rules;

/// <summary>The filter list a rule belongs to (<c>audit_rule_data.flags</c>, linux/audit.h).</summary>
public enum AuditFilterList : uint
{
    User = 0,
    Task = 1,
    Entry = 2,
    Watch = 3,
    Exit = 4,
    Exclude = 5,
    Filesystem = 6,
    IoUring = 7,
}

/// <summary>What the kernel does when a rule matches (<c>audit_rule_data.action</c>).</summary>
public enum AuditRuleAction : uint
{
    Never = 0,
    Possible = 1,
    Always = 2,
}

/// <summary>What an auditctl rule line asks for: <c>-a</c>/<c>-w</c> append, <c>-A</c> prepend, <c>-d</c>/<c>-W</c> delete.</summary>
public enum AuditRuleCommand
{
    Append,
    Prepend,
    Delete,
}

/// <summary>Names of lists and actions as auditctl spells them.</summary>
public static class AuditRuleNames
{
    /// <summary>The flag bit that asks the kernel to put the rule first in its list (<c>-A</c>).</summary>
    public const uint PrependFlag = 0x10;

    /// <summary>The mask that extracts the list from <c>audit_rule_data.flags</c>.</summary>
    public const uint ListMask = 0x07;

    public static string ToName(AuditFilterList list) => list switch
    {
        AuditFilterList.User => "user",
        AuditFilterList.Task => "task",
        AuditFilterList.Entry => "entry",
        AuditFilterList.Watch => "watch",
        AuditFilterList.Exit => "exit",
        AuditFilterList.Exclude => "exclude",
        AuditFilterList.Filesystem => "filesystem",
        AuditFilterList.IoUring => "io_uring",
        _ => "unknown-list-" + ((uint)list).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static string ToName(AuditRuleAction action) => action switch
    {
        AuditRuleAction.Never => "never",
        AuditRuleAction.Possible => "possible",
        AuditRuleAction.Always => "always",
        _ => "unknown-action-" + ((uint)action).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The lists auditctl 3.0.9 accepts after <c>-a</c>.</summary>
    public static bool TryParseList(string text, out AuditFilterList list)
    {
        switch (text)
        {
            case "exit": list = AuditFilterList.Exit; return true;
            case "task": list = AuditFilterList.Task; return true;
            case "user": list = AuditFilterList.User; return true;
            case "exclude": list = AuditFilterList.Exclude; return true;
            case "filesystem": list = AuditFilterList.Filesystem; return true;
            default: list = default; return false;
        }
    }

    public static bool TryParseAction(string text, out AuditRuleAction action)
    {
        switch (text)
        {
            case "always": action = AuditRuleAction.Always; return true;
            case "never": action = AuditRuleAction.Never; return true;
            case "possible": action = AuditRuleAction.Possible; return true;
            default: action = default; return false;
        }
    }
}

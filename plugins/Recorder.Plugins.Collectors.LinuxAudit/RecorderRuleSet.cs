using System.Globalization;
using Recorder.Contracts.Events;
using Recorder.Linux.Audit.Rules;

namespace Recorder.Plugins.Collectors.LinuxAudit;

/// <summary>
/// The smallest set of kernel audit rules that yields the wanted event types, as auditctl text and compiled
/// rules. Every rule carries the recorder's key; the first rule excludes the recorder's own process (its
/// database writes would otherwise be audited and recorded, and so on). Auth, login, logout and su/sudo are
/// user-space messages and need no rule.
/// </summary>
public static class RecorderRuleSet
{
    /// <summary>The key on every rule the recorder loads; the normaliser never treats it as a read rule.</summary>
    public const string Key = "recorder";

    // O_WRONLY|O_RDWR and O_CREAT: the flag filters that keep read-only opens out of the kernel's work.
    private const string WriteFlags = "3";
    private const string CreateFlag = "0x40";

    /// <summary>Syscalls (no argument filter) per event type.</summary>
    private static readonly Dictionary<string, string[]> PlainSyscalls = new(StringComparer.Ordinal)
    {
        [EventTypes.ProcessStart] = ["execve", "execveat"],
        [EventTypes.ProcessExit] = ["exit_group"],
        [EventTypes.FileCreate] = ["creat", "openat2"],
        [EventTypes.FileWrite] = ["creat", "openat2", "truncate", "ftruncate"],
        [EventTypes.FileRename] = ["rename", "renameat", "renameat2"],
        [EventTypes.FileDelete] = ["unlink", "unlinkat", "rmdir"],
        [EventTypes.FilePermission] = ["chmod", "fchmod", "fchmodat"],
        [EventTypes.FileOwner] = ["chown", "fchown", "fchownat", "lchown"],
        [EventTypes.NetworkConnect] = ["connect"],
        [EventTypes.NetworkAccept] = ["accept", "accept4"],
        [EventTypes.NetworkBind] = ["bind"],
        [EventTypes.NetworkListen] = ["listen"],
        [EventTypes.DriverLoad] = ["init_module", "finit_module"],
        [EventTypes.DriverUnload] = ["delete_module"],
        [EventTypes.PrivilegeChange] = ["setuid", "setreuid", "setresuid", "setfsuid"],
    };

    /// <summary>Opens, filtered on their flags argument (open: a1, openat: a2), per event type.</summary>
    private static readonly Dictionary<string, (string Syscall, string Argument, string Mask)[]> FlagFiltered = new(StringComparer.Ordinal)
    {
        [EventTypes.FileCreate] = [("open", "a1", CreateFlag), ("openat", "a2", CreateFlag)],
        [EventTypes.FileWrite] = [("open", "a1", WriteFlags), ("openat", "a2", WriteFlags), ("open", "a1", CreateFlag), ("openat", "a2", CreateFlag)],
    };

    /// <summary>The event types the recorder's rules can produce (the others come from user-space messages or user rules).</summary>
    public static IReadOnlyCollection<string> RuleDrivenTypes => PlainSyscalls.Keys;

    /// <summary>
    /// The rule lines for <paramref name="wantedTypes"/>, or none when no wanted type needs a rule. Syscalls the
    /// native architecture does not have (aarch64 has no open, rename, ...) are left out.
    /// </summary>
    public static IReadOnlyList<string> RuleLines(IReadOnlySet<string> wantedTypes, int selfPid)
    {
        var plain = new SortedSet<string>(StringComparer.Ordinal);
        var filtered = new SortedSet<(string Syscall, string Argument, string Mask)>();
        foreach (var type in wantedTypes)
        {
            if (PlainSyscalls.TryGetValue(type, out var syscalls)) plain.UnionWith(syscalls.Where(IsNativeSyscall));
            if (FlagFiltered.TryGetValue(type, out var opens)) filtered.UnionWith(opens.Where(o => IsNativeSyscall(o.Syscall)));
        }
        if (plain.Count == 0 && filtered.Count == 0) return [];

        var arch = ArchName();
        var lines = new List<string>
        {
            $"-A exit,never -F pid={selfPid.ToString(CultureInfo.InvariantCulture)} -S all -k {Key}",
        };
        if (plain.Count > 0) lines.Add($"-a always,exit -F arch={arch} -S {string.Join(',', plain)} -k {Key}");
        foreach (var (syscall, argument, mask) in filtered)
            lines.Add($"-a always,exit -F arch={arch} -S {syscall} -F {argument}&{mask} -k {Key}");
        return lines;
    }

    /// <summary>The compiled rules for <paramref name="wantedTypes"/>, in load order.</summary>
    public static IReadOnlyList<AuditRule> Rules(IReadOnlySet<string> wantedTypes, int selfPid) =>
        RuleLines(wantedTypes, selfPid).Select(line => AuditRuleParser.Parse(line)).ToArray();

    private static string ArchName() => AuditArch.Native switch
    {
        0x40000003 or 0x40000028 => "b32", // i386, arm
        _ => "b64",
    };

    private static readonly Dictionary<string, bool> NativeSyscalls = new(StringComparer.Ordinal);

    private static bool IsNativeSyscall(string name)
    {
        lock (NativeSyscalls)
        {
            if (NativeSyscalls.TryGetValue(name, out var known)) return known;
            bool exists;
            try
            {
                AuditRuleParser.Parse($"-a always,exit -F arch={ArchName()} -S {name}");
                exists = true;
            }
            catch (FormatException)
            {
                exists = false;
            }
            NativeSyscalls[name] = exists;
            return exists;
        }
    }
}

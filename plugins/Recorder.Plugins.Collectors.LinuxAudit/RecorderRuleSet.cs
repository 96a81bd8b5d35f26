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
    /// The rule lines for <paramref name="wantedTypes"/>, or none when no wanted type needs a rule. On x86_64 the
    /// 32-bit syscall table is ruled too. Syscalls an architecture does not have (aarch64 has no open, rename, ...)
    /// are left out.
    /// </summary>
    public static IReadOnlyList<string> RuleLines(IReadOnlySet<string> wantedTypes, int selfPid)
    {
        var lines = new List<string>();
        foreach (var arch in Architectures())
            AddRules(lines, arch, wantedTypes);
        if (lines.Count == 0) return [];
        lines.Insert(0, $"-A exit,never -F pid={selfPid.ToString(CultureInfo.InvariantCulture)} -S all -k {Key}");
        return lines;
    }

    // One architecture's rules: the plain syscalls in one rule, then each flag-filtered open.
    private static void AddRules(List<string> lines, string arch, IReadOnlySet<string> wantedTypes)
    {
        var plain = new SortedSet<string>(StringComparer.Ordinal);
        var filtered = new SortedSet<(string Syscall, string Argument, string Mask)>();
        foreach (var type in wantedTypes)
        {
            if (PlainSyscalls.TryGetValue(type, out var syscalls)) plain.UnionWith(syscalls.Where(s => HasSyscall(arch, s)));
            if (FlagFiltered.TryGetValue(type, out var opens)) filtered.UnionWith(opens.Where(o => HasSyscall(arch, o.Syscall)));
            // 32-bit x86 programs may reach the socket calls through socketcall(2).
            if (type.StartsWith("network.", StringComparison.Ordinal) && arch == "b32" && HasSyscall(arch, "socketcall")) plain.Add("socketcall");
        }
        if (plain.Count > 0) lines.Add($"-a always,exit -F arch={arch} -S {string.Join(',', plain)} -k {Key}");
        foreach (var (syscall, argument, mask) in filtered)
            lines.Add($"-a always,exit -F arch={arch} -S {syscall} -F {argument}&{mask} -k {Key}");
    }

    /// <summary>The compiled rules for <paramref name="wantedTypes"/>, in load order.</summary>
    public static IReadOnlyList<AuditRule> Rules(IReadOnlySet<string> wantedTypes, int selfPid) =>
        RuleLines(wantedTypes, selfPid).Select(line => AuditRuleParser.Parse(line)).ToArray();

    // The native table, and on x86_64 also the 32-bit one: a 32-bit program would otherwise go unaudited.
    private static IEnumerable<string> Architectures() => AuditArch.Native switch
    {
        AuditArch.X86_64 => ["b64", "b32"],
        AuditArch.I386 => ["b32"],
        _ => ["b64"],
    };

    private static readonly Dictionary<(string Arch, string Name), bool> KnownSyscalls = new();

    private static bool HasSyscall(string arch, string name)
    {
        lock (KnownSyscalls)
        {
            if (KnownSyscalls.TryGetValue((arch, name), out var known)) return known;
            bool exists;
            try
            {
                AuditRuleParser.Parse($"-a always,exit -F arch={arch} -S {name}");
                exists = true;
            }
            catch (FormatException)
            {
                exists = false;
            }
            KnownSyscalls[(arch, name)] = exists;
            return exists;
        }
    }
}

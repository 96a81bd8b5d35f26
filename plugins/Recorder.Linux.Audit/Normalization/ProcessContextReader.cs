using Recorder.Contracts.Events;
using Recorder.Linux.Audit.Assembly;
using Recorder.Linux.Audit.Parsing;

namespace Recorder.Linux.Audit.Normalization;

/// <summary>Fills an event's <see cref="ProcessContext"/> from a SYSCALL record or a user-space message.</summary>
internal static class ProcessContextReader
{
    /// <summary>The kernel's "unset" login uid and session id.</summary>
    private const long Unset = 4294967295;

    /// <summary>Reads pid, ppid, ids (and ENRICHED names), session, tty, exe and the working directory.</summary>
    public static void Read(AuditRecord record, AuditEventGroup group, ProcessContext process)
    {
        if (record.TryGetInt64("pid"u8, out var pid)) process.Pid = pid;
        if (record.TryGetInt64("ppid"u8, out var ppid)) process.ParentPid = ppid;
        if (record.TryGetInt64("uid"u8, out var uid)) process.Uid = uid;
        if (record.TryGetInt64("euid"u8, out var euid)) process.EffectiveUid = euid;
        if (record.TryGetInt64("gid"u8, out var gid)) process.Gid = gid;
        if (record.TryGetInt64("auid"u8, out var auid) && auid != Unset && auid != -1) process.LoginUid = auid;
        if (record.TryGetInt64("ses"u8, out var ses) && ses != Unset && ses != -1) process.SessionId = ses;
        process.Terminal = Terminal(record);
        process.Executable = record.GetText("exe"u8);

        // ENRICHED logs carry the names auditd resolved at the time; better than resolving them later.
        process.UserName = record.GetEnrichedText("UID"u8);
        process.EffectiveUserName = record.GetEnrichedText("EUID"u8);
        process.GroupName = record.GetEnrichedText("GID"u8);
        var loginName = record.GetEnrichedText("AUID"u8);
        if (process.LoginUid is not null && loginName is not null and not "unset") process.LoginUserName = loginName;

        var cwd = group.Find(AuditRecordType.Cwd);
        process.WorkingDirectory = cwd?.GetText("cwd"u8) ?? record.GetText("cwd"u8);
    }

    /// <summary>The terminal (<c>tty=</c> for syscalls, <c>terminal=</c> for user messages), null for none.</summary>
    public static string? Terminal(AuditRecord record)
    {
        var tty = record.GetText("tty"u8) ?? record.GetText("terminal"u8);
        return tty is null or "(none)" or "none" ? null : tty;
    }

    /// <summary>The command line from PROCTITLE (NUL-separated argv, cut at 128 bytes by the kernel).</summary>
    public static string? CommandLineFromProctitle(AuditEventGroup group)
    {
        var proctitle = group.Find(AuditRecordType.Proctitle)?.GetText("proctitle"u8);
        if (proctitle is null || proctitle.IndexOf('\0') < 0) return proctitle;
        var last = Volatile.Read(ref _lastJoined);
        if (last is not null && ReferenceEquals(last.Proctitle, proctitle)) return last.CommandLine;
        var joined = CommandLine.JoinNulSeparated(proctitle);
        Volatile.Write(ref _lastJoined, new JoinedProctitle(proctitle, joined));
        return joined;
    }

    // The last command line joined: a busy process sends the same proctitle event after event, and the record's
    // text cache hands back the same string for it, so the join is done once instead of per event.
    private sealed record JoinedProctitle(string Proctitle, string CommandLine);
    private static JoinedProctitle? _lastJoined;
}

using System.Net;
using Recorder.Contracts.Events;
using Recorder.Linux.Audit.Assembly;
using Recorder.Linux.Audit.Parsing;

namespace Recorder.Linux.Audit.Normalization;

/// <summary>
/// Builds authentication, session and privilege events from user-space messages (PAM, sshd, login, su, sudo) and
/// from the kernel's LOGIN record (the login uid being set).
/// </summary>
internal sealed class UserMessageEventBuilder
{
    private const long Unset = 4294967295;
    private readonly Func<string, bool> _wants;

    public UserMessageEventBuilder(Func<string, bool> wants) => _wants = wants;

    /// <summary>True when the record type is one this builder handles.</summary>
    public static bool Handles(int type) => type is AuditRecordType.UserAuth or AuditRecordType.UserAcct
        or AuditRecordType.UserLogin or AuditRecordType.UserLogout or AuditRecordType.UserStart
        or AuditRecordType.UserEnd or AuditRecordType.UserCmd or AuditRecordType.Login;

    public void Build(AuditEventGroup group, AuditRecord record, Func<EventSchema, RecorderEvent> create, ICollection<RecorderEvent> output)
    {
        switch (record.Type)
        {
            case AuditRecordType.UserAuth:
            case AuditRecordType.UserAcct:
            {
                var schema = IsSuccess(record) ? EventSchemas.AuthSuccess : EventSchemas.AuthFailure;
                if (_wants(schema.Name)) output.Add(Auth(schema, group, record, create));
                break;
            }
            case AuditRecordType.UserLogin:
                // sshd and login report a failed login as USER_LOGIN res=failed: that is an authentication failure.
                if (IsSuccess(record))
                {
                    if (_wants(EventTypes.SessionLogin)) output.Add(Session(EventSchemas.SessionLogin, group, record, create));
                }
                else if (_wants(EventTypes.AuthFailure))
                {
                    output.Add(Auth(EventSchemas.AuthFailure, group, record, create));
                }
                break;
            case AuditRecordType.UserStart:
                if (_wants(EventTypes.SessionLogin)) output.Add(Session(EventSchemas.SessionLogin, group, record, create));
                if (IsSuccess(record) && ServiceName(record) == "su" && _wants(EventTypes.PrivilegeChange))
                {
                    output.Add(Su(group, record, create));
                }
                break;
            case AuditRecordType.UserEnd:
            case AuditRecordType.UserLogout:
                if (_wants(EventTypes.SessionLogout)) output.Add(Session(EventSchemas.SessionLogout, group, record, create));
                break;
            case AuditRecordType.Login:
                if (_wants(EventTypes.SessionLogin)) output.Add(KernelLogin(group, record, create));
                break;
            case AuditRecordType.UserCmd:
                if (_wants(EventTypes.PrivilegeChange)) output.Add(Command(group, record, create));
                break;
        }
    }

    private static RecorderEvent Start(EventSchema schema, AuditEventGroup group, AuditRecord record, Func<EventSchema, RecorderEvent> create)
    {
        var ev = create(schema);
        ev.Time = group.Time;
        ev.Outcome = record.Has("res"u8) ? (IsSuccess(record) ? EventOutcome.Success : EventOutcome.Failure) : EventOutcome.Unknown;
        ProcessContextReader.Read(record, group, ev.Process);
        return ev;
    }

    /// <summary><c>res=success</c>, <c>res=1</c> or <c>result=success</c>.</summary>
    private static bool IsSuccess(AuditRecord record)
    {
        if (!record.TryGetRaw("res"u8, out var res) && !record.TryGetRaw("result"u8, out res)) return false;
        return res.SequenceEqual("success"u8) || res.SequenceEqual("1"u8) || res.SequenceEqual("yes"u8);
    }

    /// <summary>The program that sent the message, by file name (<c>/usr/sbin/sshd</c> → <c>sshd</c>).</summary>
    private static string? ServiceName(AuditRecord record)
    {
        var exe = record.GetText("exe"u8);
        if (exe is null) return null;
        var slash = exe.LastIndexOf('/');
        return slash < 0 ? exe : exe[(slash + 1)..];
    }

    private static string? Address(AuditRecord record)
    {
        var addr = record.GetText("addr"u8);
        return addr is not null && IPAddress.TryParse(addr, out var ip) ? ip.ToString() : null;
    }

    private static string? Account(AuditRecord record)
    {
        var acct = record.GetText("acct"u8);
        return acct is "(unknown)" or "" ? null : acct;
    }

    /// <summary>What the message says about the method: sshd's <c>op=pubkey_auth</c>/<c>password</c>, PAM's stack.</summary>
    private static string? Method(string? op)
    {
        if (op is null) return null;
        if (op.Contains("pubkey", StringComparison.OrdinalIgnoreCase)) return "publickey";
        if (op.Contains("password", StringComparison.OrdinalIgnoreCase)) return "password";
        if (op.StartsWith("PAM:", StringComparison.Ordinal)) return "pam";
        return op;
    }

    private static RecorderEvent Auth(AuthEventSchema schema, AuditEventGroup group, AuditRecord record, Func<EventSchema, RecorderEvent> create)
    {
        var ev = Start(schema, group, record, create);
        var op = record.GetText("op"u8);
        ev.Set(schema.Account, Account(record));
        ev.Set(schema.Method, Method(op));
        ev.Set(schema.Service, ServiceName(record));
        ev.Set(schema.Terminal, ev.Process.Terminal);
        ev.Set(schema.RemoteAddress, Address(record));
        ev.Set(schema.RemoteHost, record.GetText("hostname"u8));
        ev.Set(schema.Message, op);
        return ev;
    }

    private static RecorderEvent Session(SessionEventSchema schema, AuditEventGroup group, AuditRecord record, Func<EventSchema, RecorderEvent> create)
    {
        var ev = Start(schema, group, record, create);
        ev.Set(schema.User, Account(record));
        if (record.TryGetInt64("id"u8, out var id) && id != Unset) ev.Set(schema.Uid, id);
        ev.Set(schema.Id, ev.Process.SessionId);
        ev.Set(schema.Terminal, ev.Process.Terminal);
        ev.Set(schema.RemoteAddress, Address(record));
        ev.Set(schema.RemoteHost, record.GetText("hostname"u8));
        ev.Set(schema.Service, ServiceName(record));
        return ev;
    }

    /// <summary>The kernel's LOGIN record: the login uid of a process was set (pam_loginuid at login).</summary>
    private static RecorderEvent KernelLogin(AuditEventGroup group, AuditRecord record, Func<EventSchema, RecorderEvent> create)
    {
        // Take pid, exe and cwd from the SYSCALL of the same event when there is one; ids from LOGIN itself.
        var syscall = group.Find(AuditRecordType.Syscall);
        var ev = Start(EventSchemas.SessionLogin, group, syscall ?? record, create);
        ev.Outcome = IsSuccess(record) ? EventOutcome.Success : EventOutcome.Failure;
        ev.ResultCode = null;
        if (record.TryGetInt64("auid"u8, out var auid) && auid != Unset && auid != -1)
        {
            ev.Process.LoginUid = auid;
            ev.Set(EventSchemas.SessionLogin.Uid, auid);
        }
        if (record.TryGetInt64("ses"u8, out var ses) && ses != Unset)
        {
            ev.Process.SessionId = ses;
            ev.Set(EventSchemas.SessionLogin.Id, ses);
        }
        var tty = ProcessContextReader.Terminal(record);
        if (tty is not null) ev.Process.Terminal = tty;
        ev.Set(EventSchemas.SessionLogin.Terminal, ev.Process.Terminal);
        ev.Set(EventSchemas.SessionLogin.User, record.GetEnrichedText("AUID"u8));
        var exe = ev.Process.Executable;
        ev.Set(EventSchemas.SessionLogin.Service, exe is null ? null : exe[(exe.LastIndexOf('/') + 1)..]);
        return ev;
    }

    /// <summary>su opening a session for another account: the process keeps the original login uid.</summary>
    private static RecorderEvent Su(AuditEventGroup group, AuditRecord record, Func<EventSchema, RecorderEvent> create)
    {
        var ev = Start(EventSchemas.PrivilegeChange, group, record, create);
        ev.Set(EventSchemas.PrivilegeChange.Kind, "su");
        var target = Account(record);
        ev.Set(EventSchemas.PrivilegeChange.TargetUser, target);
        if (target == "root") ev.Set(EventSchemas.PrivilegeChange.TargetUid, 0L);
        return ev;
    }

    /// <summary>USER_CMD: sudo (or another program) ran a command on someone's behalf.</summary>
    private static RecorderEvent Command(AuditEventGroup group, AuditRecord record, Func<EventSchema, RecorderEvent> create)
    {
        var ev = Start(EventSchemas.PrivilegeChange, group, record, create);
        ev.Set(EventSchemas.PrivilegeChange.Kind, ServiceName(record) ?? "sudo");
        ev.Set(EventSchemas.PrivilegeChange.Command, record.GetText("cmd"u8));
        return ev;
    }
}

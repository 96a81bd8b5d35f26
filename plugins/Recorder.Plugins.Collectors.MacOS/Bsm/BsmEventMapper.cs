using System.Net;
using System.Text.RegularExpressions;
using Recorder.Contracts.Events;
using Recorder.MacOS.Bsm;
using Recorder.Plugins.Collectors.MacOS.Processes;

namespace Recorder.Plugins.Collectors.MacOS.Bsm;

/// <summary>
/// Turns BSM records into Recorder events by event number: execs (with argv), exits, file create/write/read/
/// rename/delete, connect/accept/bind, logins and logouts, authentications, su and sudo. The subject token gives the
/// acting process: auid (the user who logged in, kept across su and sudo), euid, ruid, pid and audit session. Forks
/// and spawns are followed in a process table so that execs know their parent. Records of other numbers are not
/// events (<see cref="Map"/> returns null).
/// </summary>
internal sealed partial class BsmEventMapper(MacProcessTable processes, Func<string, bool> wanted)
{
    private const uint Unset = uint.MaxValue; // AU_DEFAUDITID: no audit user (before login, daemons)

    public RecorderEvent? Map(BsmRecord record)
    {
        var number = record.EventType;
        var subject = record.Subject;
        if (BsmEventNumbers.Forks.Contains(number))
        {
            if (subject is not null && ChildPid(record) is { } child && Succeeded(record))
                processes.Fork(subject.Pid, child, record.Time);
            return null; // a fork is not an event of its own: the child's exec names it as the parent
        }
        if (BsmEventNumbers.Execs.Contains(number)) return Exec(record, subject);
        if (number == BsmEventNumbers.Exit) return Exit(record, subject);
        if (BsmEventNumbers.FileCreates.Contains(number)) return File(record, subject, EventSchemas.FileCreate);
        if (BsmEventNumbers.FileWrites.Contains(number)) return File(record, subject, EventSchemas.FileWrite);
        if (BsmEventNumbers.FileReads.Contains(number)) return File(record, subject, EventSchemas.FileRead);
        if (BsmEventNumbers.FileDeletes.Contains(number)) return File(record, subject, EventSchemas.FileDelete);
        if (number is BsmEventNumbers.Rename or BsmEventNumbers.RenameAt) return Rename(record, subject);
        if (number is BsmEventNumbers.Connect or BsmEventNumbers.ConnectAt) return Network(record, subject, EventSchemas.NetworkConnect);
        if (number == BsmEventNumbers.Accept) return Network(record, subject, EventSchemas.NetworkAccept);
        if (number is BsmEventNumbers.Bind or BsmEventNumbers.BindAt) return Network(record, subject, EventSchemas.NetworkBind);
        if (BsmEventNumbers.Logins.TryGetValue(number, out var loginService)) return Session(record, subject, EventSchemas.SessionLogin, loginService);
        if (BsmEventNumbers.Logouts.TryGetValue(number, out var logoutService)) return Session(record, subject, EventSchemas.SessionLogout, logoutService);
        if (BsmEventNumbers.Authentications.TryGetValue(number, out var authService)) return Authentication(record, subject, authService);
        if (number is BsmEventNumbers.Su or BsmEventNumbers.Sudo) return Privilege(record, subject, number == BsmEventNumbers.Su ? "su" : "sudo");
        if (number == BsmEventNumbers.ModLoad) return DriverLoad(record, subject);
        return null;
    }

    private RecorderEvent? Exec(BsmRecord record, BsmSubjectToken? subject)
    {
        if (subject is null) return null;
        var args = record.ExecArgs;
        var executable = record.Paths.FirstOrDefault();
        MacProcess process;
        if (record.EventType == BsmEventNumbers.PosixSpawn && ChildPid(record) is { } child)
        {
            // posix_spawn is audited in the parent: the child pid is an argument.
            process = processes.Fork(subject.Pid, child, record.Time);
            if (Succeeded(record)) processes.Exec(child, record.Time, executable, args);
        }
        else
        {
            process = Succeeded(record) ? processes.Exec(subject.Pid, record.Time, executable, args) : processes.Get(subject.Pid);
        }
        if (!wanted(EventTypes.ProcessStart)) return null;
        var e = New(EventSchemas.ProcessStart, record, subject, process);
        if (!Succeeded(record))
        {
            // A failed exec ran nothing: the event names what was tried, the process keeps its program.
            e.Process.Executable = executable;
            e.Process.Arguments = args;
            e.Process.CommandLine = args is { Count: > 0 } ? CommandLineText.Join(args) : executable;
        }
        if (args is not null) e.Set(EventSchemas.ProcessStart.Argc, args.Count);
        if (record.Attr is { } attr) e.Set(EventSchemas.ProcessStart.ImageInode, (long)attr.NodeId);
        return e;
    }

    private RecorderEvent? Exit(BsmRecord record, BsmSubjectToken? subject)
    {
        if (subject is null) return null;
        var process = processes.Get(subject.Pid);
        processes.Exit(process);
        if (!wanted(EventTypes.ProcessExit)) return null;
        var e = New(EventSchemas.ProcessExit, record, subject, process);
        var exit = record.Tokens.OfType<BsmExitToken>().FirstOrDefault();
        e.Set(EventSchemas.ProcessExit.ExitCode, exit is not null ? exit.Status : record.Return?.Value);
        return e;
    }

    private RecorderEvent? File(BsmRecord record, BsmSubjectToken? subject, FileEventSchema schema)
    {
        if (!wanted(schema.Name)) return null;
        var e = New(schema, record, subject);
        e.Set(schema.Path, record.Paths.LastOrDefault());
        return e;
    }

    private RecorderEvent? Rename(BsmRecord record, BsmSubjectToken? subject)
    {
        if (!wanted(EventTypes.FileRename)) return null;
        var paths = record.Paths.ToList();
        var e = New(EventSchemas.FileRename, record, subject);
        if (paths.Count > 0) e.Set(EventSchemas.FileRename.OldPath, paths[0]);
        if (paths.Count > 1) e.Set(EventSchemas.FileRename.Path, paths[^1]);
        return e;
    }

    private RecorderEvent? Network(BsmRecord record, BsmSubjectToken? subject, NetworkEventSchema schema)
    {
        if (!wanted(schema.Name)) return null;
        var socket = record.Sockets.FirstOrDefault();
        var e = New(schema, record, subject);
        if (socket is null) return e;
        e.Set(schema.Family, Family(socket));
        if (socket.Type == BsmTokenType.SocketEx)
            e.Set(schema.Transport, socket.SocketType switch { 1 => "tcp", 2 => "udp", _ => socket.SocketType.ToString() });
        if (socket.UnixPath is { } unixPath)
        {
            e.Set(schema.UnixPath, unixPath);
            return e;
        }
        if (socket.Type is BsmTokenType.SockInet32 or BsmTokenType.SockInet128 && schema == EventSchemas.NetworkBind)
        {
            // sockinet tokens hold the one address the call named: the local one for bind.
            e.Set(schema.LocalAddress, socket.RemoteAddress?.ToString());
            e.Set(schema.LocalPort, socket.RemotePort);
            return e;
        }
        e.Set(schema.RemoteAddress, socket.RemoteAddress?.ToString());
        e.Set(schema.RemotePort, socket.RemotePort);
        e.Set(schema.LocalAddress, socket.LocalAddress?.ToString());
        e.Set(schema.LocalPort, socket.LocalPort);
        return e;
    }

    private RecorderEvent? Session(BsmRecord record, BsmSubjectToken? subject, SessionEventSchema schema, string service)
    {
        if (!wanted(schema.Name)) return null;
        var e = New(schema, record, subject);
        e.Set(schema.Service, service);
        if (subject is null) return e;
        e.Set(schema.Uid, subject.AuditUid != Unset ? subject.AuditUid : subject.RealUid);
        e.Set(schema.Id, subject.SessionId);
        if (Remote(subject.TerminalAddress) is { } remote) e.Set(schema.RemoteAddress, remote);
        return e;
    }

    private RecorderEvent? Authentication(BsmRecord record, BsmSubjectToken? subject, string service)
    {
        var schema = Succeeded(record) ? EventSchemas.AuthSuccess : EventSchemas.AuthFailure;
        if (!wanted(schema.Name)) return null;
        var e = New(schema, record, subject);
        var texts = record.Texts.ToList();
        e.Set(schema.Service, service);
        e.Set(schema.Message, texts.Count > 0 ? string.Join("; ", texts) : null);
        e.Set(schema.Account, Account(record.EventType, texts));
        if (subject is not null && Remote(subject.TerminalAddress) is { } remote) e.Set(schema.RemoteAddress, remote);
        return e;
    }

    private RecorderEvent? Privilege(BsmRecord record, BsmSubjectToken? subject, string kind)
    {
        if (!wanted(EventTypes.PrivilegeChange)) return null;
        var e = New(EventSchemas.PrivilegeChange, record, subject);
        var texts = record.Texts.ToList();
        e.Set(EventSchemas.PrivilegeChange.Kind, kind);
        if (texts.Count > 0) e.Set(EventSchemas.PrivilegeChange.Command, string.Join("; ", texts));
        return e;
    }

    private RecorderEvent? DriverLoad(BsmRecord record, BsmSubjectToken? subject)
    {
        if (!wanted(EventTypes.DriverLoad)) return null;
        var e = New(EventSchemas.DriverLoad, record, subject);
        var path = record.Paths.FirstOrDefault();
        e.Set(EventSchemas.DriverLoad.Path, path);
        e.Set(EventSchemas.DriverLoad.DriverName, path is null ? record.Texts.FirstOrDefault() : Path.GetFileName(path));
        return e;
    }

    /// <summary>A new event with the record's time and outcome and the acting process from the subject and the table.</summary>
    private RecorderEvent New(EventSchema schema, BsmRecord record, BsmSubjectToken? subject, MacProcess? process = null)
    {
        var e = new RecorderEvent(schema) { Time = record.Time };
        if (record.Return is { } ret)
        {
            e.Outcome = ret.Status == 0 ? EventOutcome.Success : EventOutcome.Failure;
            // Like a Linux syscall exit: the value on success, the (BSM) error number negated on failure.
            e.ResultCode = ret.Status == 0 ? ret.Value : -ret.Status;
        }
        if (subject is null) return e;
        var p = e.Process;
        if (subject.AuditUid != Unset) p.LoginUid = subject.AuditUid;
        p.Uid = subject.RealUid;
        p.EffectiveUid = subject.EffectiveUid;
        p.Gid = subject.RealGid;
        p.SessionId = subject.SessionId;
        (process ?? processes.Get(subject.Pid)).FillInto(p);
        return e;
    }

    private static bool Succeeded(BsmRecord record) => record.Return is not { Status: not 0 };

    /// <summary>The child of a fork or posix_spawn: the kernel's "child PID" argument.</summary>
    private static long? ChildPid(BsmRecord record) =>
        record.Args.FirstOrDefault(a => a.Text == "child PID")?.Value is { } pid ? (long)pid : null;

    private static string Family(BsmSocketToken socket) => socket switch
    {
        { UnixPath: not null } => "unix",
        { Type: BsmTokenType.SockInet128 } => "inet6",
        { RemoteAddress.AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 } => "inet6",
        { Domain: 1 } => "unix",
        _ => "inet",
    };

    private static string? Remote(IPAddress address) =>
        address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) ? null : address.ToString();

    /// <summary>
    /// The account an authentication was about, where the text names it: OpenDirectory's "Verify password for record
    /// type Users 'name' ..." and the authinternal mechanism's bare user name.
    /// </summary>
    private static string? Account(ushort number, List<string> texts)
    {
        foreach (var text in texts)
        {
            var quoted = QuotedName().Match(text);
            if (text.StartsWith("Verify password", StringComparison.Ordinal) && quoted.Success) return quoted.Groups[1].Value;
        }
        return number == 45026 && texts.Count == 1 ? texts[0] : null;
    }

    [GeneratedRegex("'([^']*)'")]
    private static partial Regex QuotedName();
}

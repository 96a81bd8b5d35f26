using System.Globalization;
using System.Text.Json;
using Recorder.Contracts.Events;
using Recorder.Plugins.Collectors.MacOS.Processes;

namespace Recorder.Plugins.Collectors.MacOS.EndpointSecurity;

/// <summary>
/// Turns eslogger's JSON lines (one EndpointSecurity message each) into events. The kind is the one key under
/// <c>event</c> (exec, fork, exit, create, write, close, rename, unlink, open, kextload, authentication, login_*,
/// lw_session_*, openssh_*, su, sudo), never the integer event_type, whose numbering changes between macOS versions.
/// The acting process is <c>process</c>: its audit token gives auid, euid, ruid, pid, session and pid version, which
/// with the machine key makes the process GUID.
/// </summary>
internal sealed class EsloggerEventMapper(MacProcessTable processes, Func<string, bool> wanted)
{
    /// <summary>The events of one line; throws <see cref="FormatException"/> or <see cref="JsonException"/> naming what is wrong.</summary>
    public IEnumerable<RecorderEvent> Map(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        if (!root.TryGetProperty("event", out var body) || body.ValueKind != JsonValueKind.Object)
            throw new FormatException("no 'event' object");
        var kind = body.EnumerateObject().FirstOrDefault();
        if (kind.Name is null) throw new FormatException("'event' is empty");
        var time = root.TryGetProperty("time", out var t) ? t.GetDateTime().ToUniversalTime() : throw new FormatException("no 'time'");
        if (!root.TryGetProperty("process", out var process)) throw new FormatException("no 'process'");
        return Map(kind.Name, kind.Value, process, time).Where(e => e is not null).Select(e => e!).ToList();
    }

    private IEnumerable<RecorderEvent?> Map(string kind, JsonElement e, JsonElement process, DateTime time)
    {
        switch (kind)
        {
            case "exec":
            {
                var target = e.GetProperty("target");
                var args = e.TryGetProperty("args", out var a) ? a.EnumerateArray().Select(x => x.GetString() ?? "").ToList() : null;
                var token = Token(target);
                var entry = processes.Exec(token.Pid, time, FilePath(target.GetProperty("executable")), args, token.PidVersion);
                if (!wanted(EventTypes.ProcessStart)) yield break;
                var ev = New(EventSchemas.ProcessStart, time, target, entry);
                if (args is not null) ev.Set(EventSchemas.ProcessStart.Argc, args.Count);
                if (target.GetProperty("executable").TryGetProperty("stat", out var stat) && stat.TryGetProperty("st_ino", out var ino))
                    ev.Set(EventSchemas.ProcessStart.ImageInode, ino.GetInt64());
                yield return ev;
                break;
            }
            case "fork":
            {
                var child = e.GetProperty("child");
                var parent = Process(process); // known with its program before the child copies it
                var token = Token(child);
                processes.Fork(parent.Pid, token.Pid, time, token.PidVersion);
                yield break; // the child's exec names it as the parent
            }
            case "exit":
            {
                var entry = Process(process);
                processes.Exit(entry);
                if (!wanted(EventTypes.ProcessExit)) yield break;
                var ev = New(EventSchemas.ProcessExit, time, process, entry);
                // stat is the wait(2) status: the exit code is its second byte.
                var stat = e.GetProperty("stat").GetInt64();
                ev.Set(EventSchemas.ProcessExit.ExitCode, (stat & 0x7f) == 0 ? (stat >> 8) & 0xff : stat);
                yield return ev;
                break;
            }
            case "create":
                yield return FileEvent(EventSchemas.FileCreate, time, process, DestinationPath(e));
                break;
            case "write":
                yield return FileEvent(EventSchemas.FileWrite, time, process, FilePath(e.GetProperty("target")));
                break;
            case "close":
                if (e.TryGetProperty("modified", out var modified) && modified.GetBoolean())
                    yield return FileEvent(EventSchemas.FileWrite, time, process, FilePath(e.GetProperty("target")));
                break;
            case "unlink":
                yield return FileEvent(EventSchemas.FileDelete, time, process, FilePath(e.GetProperty("target")));
                break;
            case "open":
            {
                // fflag is the kernel's FREAD (1) / FWRITE (2): an open for reading only is a read.
                var flags = e.GetProperty("fflag").GetInt64();
                var schema = (flags & 2) != 0 ? EventSchemas.FileWrite : (FileEventSchema)EventSchemas.FileRead;
                yield return FileEvent(schema, time, process, FilePath(e.GetProperty("file")));
                break;
            }
            case "rename":
            {
                if (!wanted(EventTypes.FileRename)) yield break;
                var ev = New(EventSchemas.FileRename, time, process, Process(process));
                ev.Set(EventSchemas.FileRename.OldPath, FilePath(e.GetProperty("source")));
                ev.Set(EventSchemas.FileRename.Path, DestinationPath(e));
                yield return ev;
                break;
            }
            case "kextload":
            {
                if (!wanted(EventTypes.DriverLoad)) yield break;
                var ev = New(EventSchemas.DriverLoad, time, process, Process(process));
                ev.Set(EventSchemas.DriverLoad.DriverName, e.GetProperty("identifier").GetString());
                yield return ev;
                break;
            }
            case "authentication":
                yield return Authentication(e, time, process);
                break;
            case "login_login":
            case "lw_session_login":
            case "openssh_login":
                yield return Session(EventSchemas.SessionLogin, kind, e, time, process);
                break;
            case "login_logout":
            case "lw_session_logout":
            case "openssh_logout":
                yield return Session(EventSchemas.SessionLogout, kind, e, time, process);
                break;
            case "su":
            case "sudo":
                yield return Privilege(kind, e, time, process);
                break;
        }
    }

    private RecorderEvent? FileEvent(FileEventSchema schema, DateTime time, JsonElement process, string? path)
    {
        if (!wanted(schema.Name)) return null;
        var ev = New(schema, time, process, Process(process));
        ev.Set(schema.Path, path);
        return ev;
    }

    private RecorderEvent? Authentication(JsonElement e, DateTime time, JsonElement process)
    {
        var success = e.GetProperty("success").GetBoolean();
        var schema = success ? EventSchemas.AuthSuccess : EventSchemas.AuthFailure;
        if (!wanted(schema.Name)) return null;
        var ev = New(schema, time, process, Process(process));
        ev.Outcome = success ? EventOutcome.Success : EventOutcome.Failure;
        if (e.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
        {
            var method = data.EnumerateObject().FirstOrDefault();
            if (method.Name is not null)
            {
                ev.Set(schema.Method, method.Name); // od, touchid, token, auto_unlock
                if (method.Value.ValueKind == JsonValueKind.Object)
                {
                    ev.Set(schema.Account, Text(method.Value, "record_name") ?? Text(method.Value, "username"));
                    ev.Set(schema.Service, Text(method.Value, "node_name"));
                }
            }
        }
        return ev;
    }

    private RecorderEvent? Session(SessionEventSchema schema, string kind, JsonElement e, DateTime time, JsonElement process)
    {
        if (!wanted(schema.Name)) return null;
        var ev = New(schema, time, process, Process(process));
        if (e.TryGetProperty("success", out var success))
            ev.Outcome = success.GetBoolean() ? EventOutcome.Success : EventOutcome.Failure;
        ev.Set(schema.User, Text(e, "username"));
        ev.Set(schema.Service, kind.StartsWith("openssh", StringComparison.Ordinal) ? "sshd" : kind.StartsWith("lw_", StringComparison.Ordinal) ? "loginwindow" : "login");
        if (Uid(e, "uid") is { } uid) ev.Set(schema.Uid, uid);
        if (e.TryGetProperty("graphical_session_id", out var gs)) ev.Set(schema.Id, gs.GetInt64());
        ev.Set(schema.RemoteAddress, Text(e, "source_address"));
        return ev;
    }

    private RecorderEvent? Privilege(string kind, JsonElement e, DateTime time, JsonElement process)
    {
        if (!wanted(EventTypes.PrivilegeChange)) return null;
        var ev = New(EventSchemas.PrivilegeChange, time, process, Process(process));
        ev.Outcome = e.GetProperty("success").GetBoolean() ? EventOutcome.Success : EventOutcome.Failure;
        ev.Set(EventSchemas.PrivilegeChange.Kind, kind);
        ev.Set(EventSchemas.PrivilegeChange.TargetUser, Text(e, "to_username"));
        if (Uid(e, "to_uid") is { } to) ev.Set(EventSchemas.PrivilegeChange.TargetUid, to);
        if (e.TryGetProperty("command", out var command) && command.ValueKind == JsonValueKind.String)
            ev.Set(EventSchemas.PrivilegeChange.Command, command.GetString());
        else if (e.TryGetProperty("argv", out var argv) && argv.ValueKind == JsonValueKind.Array)
            ev.Set(EventSchemas.PrivilegeChange.Command, CommandLineText.Join(argv.EnumerateArray().Select(a => a.GetString() ?? "").ToList()));
        return ev;
    }

    private MacProcess Process(JsonElement process)
    {
        var token = Token(process);
        var entry = processes.Get(token.Pid, token.PidVersion);
        entry.Executable ??= process.TryGetProperty("executable", out var exe) ? FilePath(exe) : null;
        return entry;
    }

    private static RecorderEvent New(EventSchema schema, DateTime time, JsonElement process, MacProcess entry)
    {
        var ev = new RecorderEvent(schema) { Time = time, Outcome = EventOutcome.Success };
        var token = Token(process);
        var p = ev.Process;
        if (token.Auid != uint.MaxValue && token.Auid != -1) p.LoginUid = token.Auid;
        p.Uid = token.Ruid;
        p.EffectiveUid = token.Euid;
        p.Gid = token.Rgid;
        p.SessionId = token.Asid;
        p.PidVersion = token.PidVersion;
        if (process.TryGetProperty("ppid", out var ppid)) p.ParentPid = ppid.GetInt64();
        if (process.TryGetProperty("start_time", out var start) && start.ValueKind == JsonValueKind.String)
            p.StartTime = DateTime.Parse(start.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        entry.FillInto(p);
        return ev;
    }

    private static EsAuditToken Token(JsonElement process) =>
        process.TryGetProperty("audit_token", out var t) && EsAuditToken.From(t) is { } token ? token : throw new FormatException("process has no audit_token");

    private static string? FilePath(JsonElement file) => Text(file, "path");

    /// <summary>create and rename: an existing file, or a new path as directory + file name.</summary>
    private static string? DestinationPath(JsonElement e)
    {
        var destination = e.GetProperty("destination");
        if (destination.TryGetProperty("existing_file", out var existing)) return FilePath(existing);
        if (destination.TryGetProperty("new_path", out var newPath))
            return $"{FilePath(newPath.GetProperty("dir"))?.TrimEnd('/')}/{Text(newPath, "filename")}";
        return null;
    }

    private static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>A uid as eslogger prints it: a number, or <c>{"uid": n}</c> next to a has_* flag.</summary>
    private static long? Uid(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v)) return null;
        return v.ValueKind switch
        {
            JsonValueKind.Number => v.GetInt64(),
            JsonValueKind.Object when v.TryGetProperty("uid", out var inner) => inner.GetInt64(),
            _ => null,
        };
    }
}

using Recorder.Contracts.Events;
using Recorder.Linux.Audit.Assembly;
using Recorder.Linux.Audit.Parsing;

namespace Recorder.Linux.Audit.Normalization;

/// <summary>
/// Builds typed events from syscall events (SYSCALL plus EXECVE, CWD, PATH, SOCKADDR, KERN_MODULE, PROCTITLE).
/// The event type is decided from the syscall number and its arguments before any string is decoded, so unwanted
/// types cost a few comparisons.
/// </summary>
internal sealed class SyscallEventBuilder
{
    private const ulong OWronly = 0x1, ORdwr = 0x2, OCreat = 0x40, OTrunc = 0x200;
    private const ulong Unchanged32 = 0xffffffff;

    private readonly Func<string, bool> _wants;
    private readonly AuditNormalizerOptions _options;
    private readonly BoundSockets _boundSockets = new();

    public SyscallEventBuilder(Func<string, bool> wants, AuditNormalizerOptions options)
    {
        _wants = wants;
        _options = options;
    }

    public void Build(AuditEventGroup group, AuditRecord syscall, Func<EventSchema, RecorderEvent> create, ICollection<RecorderEvent> output)
    {
        if (!syscall.TryGetHex("arch"u8, out var archValue) || !syscall.TryGetInt64("syscall"u8, out var number)) return;
        var arch = (uint)archValue;
        var action = AuditSyscalls.Lookup(arch, number);
        var viaSocketCall = action == SyscallAction.SocketCall; // then a0 is the call number, not the socket
        if (viaSocketCall)
        {
            action = syscall.TryGetHex("a0"u8, out var call) ? AuditSyscalls.FromSocketCall(call) : SyscallAction.None;
        }

        switch (action)
        {
            case SyscallAction.Execve:
                if (_wants(EventTypes.ProcessStart)) output.Add(ProcessStart(group, syscall, create));
                break;
            case SyscallAction.ExitGroup:
                if (syscall.TryGetInt64("pid"u8, out var exitingPid)) _boundSockets.Exited(exitingPid);
                if (_wants(EventTypes.ProcessExit)) output.Add(ProcessExit(group, syscall, create));
                break;
            case SyscallAction.Open or SyscallAction.OpenAt or SyscallAction.OpenAt2 or SyscallAction.Creat:
                Open(group, syscall, action, create, output);
                break;
            case SyscallAction.Truncate:
                if (_wants(EventTypes.FileWrite) && FileEvent(EventSchemas.FileWrite, group, syscall, create) is { } truncated) output.Add(truncated);
                break;
            case SyscallAction.Rename:
                if (_wants(EventTypes.FileRename)) output.Add(Rename(group, syscall, create));
                break;
            case SyscallAction.Unlink:
                if (_wants(EventTypes.FileDelete) && FileEvent(EventSchemas.FileDelete, group, syscall, create) is { } deleted) output.Add(deleted);
                break;
            case SyscallAction.Chmod:
                if (_wants(EventTypes.FilePermission) && Chmod(group, syscall, arch, number, create) is { } chmod) output.Add(chmod);
                break;
            case SyscallAction.Chown:
                if (_wants(EventTypes.FileOwner) && Chown(group, syscall, arch, number, create) is { } chown) output.Add(chown);
                break;
            case SyscallAction.Connect:
                Network(EventSchemas.NetworkConnect, group, syscall, viaSocketCall, create, output);
                break;
            case SyscallAction.Accept:
                Network(EventSchemas.NetworkAccept, group, syscall, viaSocketCall, create, output);
                break;
            case SyscallAction.Bind:
                RememberBind(group, syscall, viaSocketCall);
                Network(EventSchemas.NetworkBind, group, syscall, viaSocketCall, create, output);
                break;
            case SyscallAction.Listen:
                Network(EventSchemas.NetworkListen, group, syscall, viaSocketCall, create, output);
                break;
            case SyscallAction.ModuleLoad:
                if (_wants(EventTypes.DriverLoad)) output.Add(Module(EventSchemas.DriverLoad, group, syscall, create));
                break;
            case SyscallAction.ModuleUnload:
                if (_wants(EventTypes.DriverUnload)) output.Add(Module(EventSchemas.DriverUnload, group, syscall, create));
                break;
            case SyscallAction.SetUid or SyscallAction.SetReUid or SyscallAction.SetResUid:
                SetUid(group, syscall, action, create, output);
                break;
        }
    }

    /// <summary>The header and process context every syscall event shares.</summary>
    private static RecorderEvent Start(EventSchema schema, AuditEventGroup group, AuditRecord syscall, Func<EventSchema, RecorderEvent> create)
    {
        var ev = create(schema);
        ev.Time = group.Time;
        if (syscall.TryGetRaw("success"u8, out var success))
        {
            ev.Outcome = success.SequenceEqual("yes"u8) ? EventOutcome.Success : EventOutcome.Failure;
        }
        if (syscall.TryGetInt64("exit"u8, out var exit)) ev.ResultCode = exit;
        ProcessContextReader.Read(syscall, group, ev.Process);
        return ev;
    }

    private static void AddRuleKey(RecorderEvent ev, AuditRecord syscall)
    {
        var key = RuleKey(syscall);
        if (key is not null) ev.Tags["audit.key"] = key;
    }

    /// <summary>The rule key(s) of a SYSCALL record; several keys are joined by 0x01 in the kernel.</summary>
    private static string? RuleKey(AuditRecord syscall)
    {
        var key = syscall.GetText("key"u8);
        return key?.Replace('\u0001', ',');
    }

    private static RecorderEvent ProcessStart(AuditEventGroup group, AuditRecord syscall, Func<EventSchema, RecorderEvent> create)
    {
        var ev = Start(EventSchemas.ProcessStart, group, syscall, create);
        var args = ExecveArguments.Read(group, out var argc);
        if (args.Length > 0)
        {
            ev.Process.Arguments = args;
            ev.Process.CommandLine = CommandLine.Join(args);
            ev.Set(EventSchemas.ProcessStart.Argc, argc);
        }
        else
        {
            ev.Process.CommandLine = ProcessContextReader.CommandLineFromProctitle(group);
        }
        // Item 0 is the executed file (for a script, item 0 is the script and the interpreter follows). A failed
        // exec (a shell or execvp trying each PATH directory) names only the file it tried: the process is still
        // the caller, so that is all it tells.
        var items = PathItem.ReadAll(group);
        if (items.Count > 0 && items[0].Inode is { } inode) ev.Set(EventSchemas.ProcessStart.ImageInode, inode);
        if (items.Count > 0)
            ev.Set(EventSchemas.ProcessStart.ExecPath, PathItem.MakeAbsolute(items[0].Name, BaseDirectory(syscall, "a0"u8, ev.Process.WorkingDirectory)));
        AddRuleKey(ev, syscall);
        return ev;
    }

    private static RecorderEvent ProcessExit(AuditEventGroup group, AuditRecord syscall, Func<EventSchema, RecorderEvent> create)
    {
        var ev = Start(EventSchemas.ProcessExit, group, syscall, create);
        ev.Process.CommandLine = ProcessContextReader.CommandLineFromProctitle(group);
        if (syscall.TryGetHex("a0"u8, out var code)) ev.Set(EventSchemas.ProcessExit.ExitCode, (long)(int)(uint)code);
        AddRuleKey(ev, syscall);
        return ev;
    }

    private void Open(AuditEventGroup group, AuditRecord syscall, SyscallAction action, Func<EventSchema, RecorderEvent> create, ICollection<RecorderEvent> output)
    {
        ulong flags;
        switch (action)
        {
            case SyscallAction.Open: syscall.TryGetHex("a1"u8, out flags); break;
            case SyscallAction.OpenAt: syscall.TryGetHex("a2"u8, out flags); break;
            case SyscallAction.OpenAt2: flags = OpenAt2Flags(group); break;
            default: flags = OCreat | OWronly | OTrunc; break; // creat()
        }

        var created = HasCreateItem(group);
        FileEventSchema schema;
        if (created) schema = EventSchemas.FileCreate;
        else if ((flags & (OWronly | ORdwr | OCreat | OTrunc)) != 0) schema = EventSchemas.FileWrite;
        else schema = EventSchemas.FileRead;
        if (!_wants(schema.Name)) return;

        string? readKey = null;
        if (schema == EventSchemas.FileRead)
        {
            readKey = RuleKey(syscall);
            if (readKey is null || _options.NonReadRuleKeys.Contains(readKey)) return; // a read no user rule asked for
        }

        if (FileEvent(schema, group, syscall, create) is not { } ev) return;
        if (readKey is not null) ev.Set(EventSchemas.FileRead.RuleKey, readKey);
        output.Add(ev);
    }

    private static bool HasCreateItem(AuditEventGroup group)
    {
        foreach (var record in group.Records)
        {
            if (record.Type == AuditRecordType.Path && record.ValueEquals("nametype"u8, "CREATE"u8)) return true;
        }
        return false;
    }

    /// <summary>openat2 passes flags in a struct; the kernel logs them in an OPENAT2 record as octal <c>oflag=</c>.</summary>
    private static ulong OpenAt2Flags(AuditEventGroup group)
    {
        var record = group.Find(AuditRecordType.Openat2);
        if (record is null || !record.TryGetRaw("oflag"u8, out var raw)) return 0;
        if (raw.StartsWith("0x"u8)) return AuditNumber.TryParseHex(raw, out var hex) ? hex : 0;
        ulong value = 0;
        foreach (var b in raw)
        {
            if ((uint)(b - '0') > 7) return 0;
            value = value * 8 + (ulong)(b - '0');
        }
        return value;
    }

    /// <summary>
    /// A file event naming its file; null for a call that failed before finding the file (<c>rm</c> of a missing
    /// file): its records name only the parent folder, and the event must not claim the folder was deleted.
    /// </summary>
    private static RecorderEvent? FileEvent(FileEventSchema schema, AuditEventGroup group, AuditRecord syscall, Func<EventSchema, RecorderEvent> create)
    {
        var items = PathItem.ReadAll(group);
        if (items.Count > 0 && items.TrueForAll(i => i.NameType == PathNameType.Parent) && syscall.ValueEquals("success"u8, "no"u8)) return null;
        var ev = Start(schema, group, syscall, create);
        ev.Process.CommandLine = ProcessContextReader.CommandLineFromProctitle(group);
        var target = PathItem.Target(items);
        ev.Set(schema.Path, PathItem.MakeAbsolute(target?.Name, BaseDirectory(syscall, "a0"u8, ev.Process.WorkingDirectory)));
        AddRuleKey(ev, syscall);
        return ev;
    }

    private static RecorderEvent Rename(AuditEventGroup group, AuditRecord syscall, Func<EventSchema, RecorderEvent> create)
    {
        var ev = Start(EventSchemas.FileRename, group, syscall, create);
        ev.Process.CommandLine = ProcessContextReader.CommandLineFromProctitle(group);
        var items = PathItem.ReadAll(group);
        // Items: PARENT (old dir), PARENT (new dir), DELETE (old name), CREATE (new name), and a second DELETE
        // when the rename replaced an existing file (its name is the new name).
        var created = PathItem.First(items, PathNameType.Create);
        string? oldName = null;
        foreach (var item in items)
        {
            if (item.NameType == PathNameType.Delete && item.Name != created?.Name) { oldName = item.Name; break; }
        }
        var newName = created?.Name;
        if (newName is null && oldName is null && items.Count >= 4)
        {
            oldName = items[2].Name; // older kernels without nametype
            newName = items[3].Name;
        }
        var cwd = ev.Process.WorkingDirectory;
        ev.Set(EventSchemas.FileRename.Path, PathItem.MakeAbsolute(newName, BaseDirectory(syscall, "a2"u8, cwd)));
        ev.Set(EventSchemas.FileRename.OldPath, PathItem.MakeAbsolute(oldName, BaseDirectory(syscall, "a0"u8, cwd)));
        AddRuleKey(ev, syscall);
        return ev;
    }

    /// <summary>
    /// The directory a relative name is relative to: the working directory, unless an *at syscall passed a
    /// directory descriptor other than AT_FDCWD in <paramref name="dirFdArgument"/>. That directory is not in the
    /// records, so the name is left relative rather than joined to the wrong directory.
    /// </summary>
    private static string? BaseDirectory(AuditRecord syscall, ReadOnlySpan<byte> dirFdArgument, string? cwd)
    {
        if (!syscall.TryGetHex("arch"u8, out var arch) || !syscall.TryGetInt64("syscall"u8, out var number)) return cwd;
        if (!TakesDirectoryDescriptor((uint)arch, number)) return cwd;
        return syscall.TryGetHex(dirFdArgument, out var fd) && (uint)fd != AtFdCwd ? null : cwd;
    }

    private const uint AtFdCwd = 0xffffff9c; // -100

    /// <summary>openat, openat2, renameat(2), unlinkat, fchmodat(2), fchownat: a directory descriptor first.</summary>
    private static bool TakesDirectoryDescriptor(uint arch, long number) => arch switch
    {
        AuditSyscalls.ArchX86_64 => number is 257 or 437 or 264 or 316 or 263 or 268 or 452 or 260,
        AuditSyscalls.ArchI386 => number is 295 or 437 or 302 or 353 or 301 or 306 or 452 or 298,
        AuditSyscalls.ArchAarch64 => number is 56 or 437 or 38 or 276 or 35 or 53 or 452 or 54,
        _ => false,
    };

    /// <summary>chmod(path, mode) and fchmod(fd, mode) carry the mode in a1; the *at variants in a2.</summary>
    private static RecorderEvent? Chmod(AuditEventGroup group, AuditRecord syscall, uint arch, long number, Func<EventSchema, RecorderEvent> create)
    {
        if (FileEvent(EventSchemas.FilePermission, group, syscall, create) is not { } ev) return null;
        var modeArg = IsAtVariant(arch, number) ? "a2"u8 : "a1"u8;
        if (syscall.TryGetHex(modeArg, out var mode)) ev.Set(EventSchemas.FilePermission.Mode, "0" + Convert.ToString((long)(mode & 0xfff), 8).PadLeft(3, '0'));
        return ev;
    }

    /// <summary>chown(path, uid, gid) has the ids in a1/a2; fchownat in a2/a3. -1 means unchanged.</summary>
    private static RecorderEvent? Chown(AuditEventGroup group, AuditRecord syscall, uint arch, long number, Func<EventSchema, RecorderEvent> create)
    {
        if (FileEvent(EventSchemas.FileOwner, group, syscall, create) is not { } ev) return null;
        var at = IsAtVariant(arch, number);
        if (syscall.TryGetHex(at ? "a2"u8 : "a1"u8, out var uid) && (uid & Unchanged32) != Unchanged32) ev.Set(EventSchemas.FileOwner.OwnerUid, (long)(uid & Unchanged32));
        if (syscall.TryGetHex(at ? "a3"u8 : "a2"u8, out var gid) && (gid & Unchanged32) != Unchanged32) ev.Set(EventSchemas.FileOwner.OwnerGid, (long)(gid & Unchanged32));
        return ev;
    }

    private static bool IsAtVariant(uint arch, long number) => arch switch
    {
        AuditSyscalls.ArchX86_64 => number is 268 or 452 or 260,
        AuditSyscalls.ArchI386 => number is 306 or 452 or 298,
        AuditSyscalls.ArchAarch64 => number is 53 or 452 or 54,
        _ => false,
    };

    private void Network(NetworkEventSchema schema, AuditEventGroup group, AuditRecord syscall, bool viaSocketCall, Func<EventSchema, RecorderEvent> create, ICollection<RecorderEvent> output)
    {
        if (!_wants(schema.Name)) return;
        SocketAddress? address = null;
        var sockaddr = group.Find(AuditRecordType.Sockaddr);
        if (sockaddr is not null && sockaddr.TryGetRaw("saddr"u8, out var saddr))
        {
            if (!SocketAddress.TryDecode(saddr, out var decoded)) return; // netlink, AF_UNSPEC, ...: not a network event
            address = decoded;
        }
        else if (schema != EventSchemas.NetworkListen && schema != EventSchemas.NetworkAccept)
        {
            return; // a connect or bind without an address tells nothing
        }

        var ev = Start(schema, group, syscall, create);
        ev.Process.CommandLine = ProcessContextReader.CommandLineFromProctitle(group);
        if (address is { } a)
        {
            ev.Set(schema.Family, a.Family);
            if (a.Family == "unix")
            {
                ev.Set(schema.Transport, "unix");
                ev.Set(schema.UnixPath, a.UnixPath);
            }
            else if (schema == EventSchemas.NetworkBind)
            {
                ev.Set(schema.LocalAddress, a.Address?.ToString());
                ev.Set(schema.LocalPort, (long?)a.Port);
            }
            else
            {
                // connect: the remote end; accept: the peer.
                ev.Set(schema.RemoteAddress, a.Address?.ToString());
                ev.Set(schema.RemotePort, (long?)a.Port);
            }
        }
        if (ev.Get(schema.Transport) is null) AddTransport(ev, schema, syscall, viaSocketCall, address?.Family);
        if (schema == EventSchemas.NetworkAccept && address?.Family is not "unix") AddAcceptedOn(ev, syscall, viaSocketCall);
        AddRuleKey(ev, syscall);
        output.Add(ev);
    }

    /// <summary>
    /// The transport of an inet socket, or of a listen/accept without an address: asked of the live socket (a0 is
    /// its descriptor) when the options allow; otherwise accept implies one (an inet socket that accepts is a
    /// stream socket: tcp), and so does a connect result only stream sockets give. Nothing else is guessed.
    /// </summary>
    private void AddTransport(RecorderEvent ev, NetworkEventSchema schema, AuditRecord syscall, bool viaSocketCall, string? family)
    {
        if (_options.SocketProtocolOf is { } lookup && !viaSocketCall
            && syscall.TryGetHex("a0"u8, out var fd) && ev.Process.Pid is { } pid
            && lookup(pid, (long)fd) is { } protocol
            && (family is null || family == protocol.Family || (family == "inet" && protocol.Family == "inet6")))
        {
            // An inet6 socket may send to an inet address (v4-mapped); any other family mismatch means the
            // descriptor now holds another socket.
            ev.Set(schema.Transport, protocol.Transport);
            if (ev.Get(schema.Family) is null) ev.Set(schema.Family, protocol.Family);
            return;
        }
        if (family is "inet" or "inet6" && (schema == EventSchemas.NetworkAccept || (schema == EventSchemas.NetworkConnect && IsStreamOnlyResult(ev.ResultCode))))
            ev.Set(schema.Transport, "tcp");
    }

    /// <summary>
    /// Results only a connection-oriented connect gives (a datagram connect only sets the peer): EINPROGRESS (a
    /// non-blocking connect, as most clients make), ECONNREFUSED, ETIMEDOUT. For inet sockets that is tcp, whether
    /// the socket is still open to be asked or not, live or replayed, IPv4 or IPv6.
    /// </summary>
    private static bool IsStreamOnlyResult(long? result) => result is -115 or -111 or -110;

    /// <summary>Remembers the address a successful inet bind gave a descriptor, whether or not bind events are wanted.</summary>
    private void RememberBind(AuditEventGroup group, AuditRecord syscall, bool viaSocketCall)
    {
        if (viaSocketCall || !syscall.ValueEquals("success"u8, "yes"u8) || !syscall.TryGetHex("a0"u8, out var fd) || !syscall.TryGetInt64("pid"u8, out var pid)) return;
        if (group.Find(AuditRecordType.Sockaddr) is not { } sockaddr || !sockaddr.TryGetRaw("saddr"u8, out var saddr)) return;
        // Port 0 asks the kernel to choose one, which the bind record does not tell: nothing worth remembering.
        if (SocketAddress.TryDecode(saddr, out var address) && address.Address is { } ip && address.Port is { } port and > 0)
            _boundSockets.Bound(pid, (long)fd, ip, port);
    }

    /// <summary>
    /// Where an accepted connection arrived: the local endpoint of the listening socket (a0), asked of the live
    /// socket when the options allow, else as the same process bound that descriptor earlier in this history.
    /// </summary>
    private void AddAcceptedOn(RecorderEvent ev, AuditRecord syscall, bool viaSocketCall)
    {
        if (viaSocketCall || !syscall.TryGetHex("a0"u8, out var fd) || ev.Process.Pid is not { } pid) return;
        var local = _options.SocketLocalEndpointOf?.Invoke(pid, (long)fd) ?? _boundSockets.Find(pid, (long)fd);
        if (local is not { } endpoint) return;
        var schema = EventSchemas.NetworkAccept;
        ev.Set(schema.LocalAddress, endpoint.Address.ToString());
        ev.Set(schema.LocalPort, (long)endpoint.Port);
    }

    private static RecorderEvent Module(DriverEventSchema schema, AuditEventGroup group, AuditRecord syscall, Func<EventSchema, RecorderEvent> create)
    {
        var ev = Start(schema, group, syscall, create);
        ev.Process.CommandLine = ProcessContextReader.CommandLineFromProctitle(group);
        ev.Set(schema.DriverName, group.Find(AuditRecordType.KernModule)?.GetText("name"u8));
        AddRuleKey(ev, syscall);
        return ev;
    }

    /// <summary>
    /// setuid-family calls that make a process uid 0 when its login user is someone else (the SYSCALL record shows
    /// the ids after the call, so the login uid is what tells an elevation from root juggling its own ids).
    /// </summary>
    private void SetUid(AuditEventGroup group, AuditRecord syscall, SyscallAction action, Func<EventSchema, RecorderEvent> create, ICollection<RecorderEvent> output)
    {
        if (!_wants(EventTypes.PrivilegeChange)) return;
        if (!syscall.ValueEquals("success"u8, "yes"u8)) return;
        var argCount = action switch { SyscallAction.SetUid => 1, SyscallAction.SetReUid => 2, _ => 3 };
        var toRoot = false;
        for (var i = 0; i < argCount && !toRoot; i++)
        {
            ReadOnlySpan<byte> name = i switch { 0 => "a0"u8, 1 => "a1"u8, _ => "a2"u8 };
            toRoot = syscall.TryGetHex(name, out var id) && (id & Unchanged32) == 0;
        }
        if (!toRoot) return;
        if (!syscall.TryGetInt64("auid"u8, out var auid) || auid is 0 or 4294967295) return;

        var ev = Start(EventSchemas.PrivilegeChange, group, syscall, create);
        ev.Process.CommandLine = ProcessContextReader.CommandLineFromProctitle(group);
        ev.Set(EventSchemas.PrivilegeChange.Kind, "setuid");
        ev.Set(EventSchemas.PrivilegeChange.TargetUid, 0L);
        ev.Set(EventSchemas.PrivilegeChange.TargetUser, "root");
        AddRuleKey(ev, syscall);
        output.Add(ev);
    }
}

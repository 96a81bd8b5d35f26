using System.Net;

namespace Recorder.MacOS.Bsm;

/// <summary>One decoded token of a BSM record; <see cref="Type"/> is its identifier byte (<see cref="BsmTokenType"/>).</summary>
public abstract record BsmToken(byte Type);

/// <summary>header32/64 and their _ex forms: the record's size, event number and time (seconds and milliseconds).</summary>
public sealed record BsmHeaderToken(byte Type, uint RecordSize, byte Version, ushort EventType, ushort Modifier,
    DateTime Time, IPAddress? MachineAddress) : BsmToken(Type);

/// <summary>subject and process tokens (32/64, _ex): who did it. auid is the user who logged in, kept across su/sudo.</summary>
public sealed record BsmSubjectToken(byte Type, uint AuditUid, uint EffectiveUid, uint EffectiveGid, uint RealUid,
    uint RealGid, uint Pid, uint SessionId, ulong TerminalPort, IPAddress TerminalAddress) : BsmToken(Type)
{
    /// <summary>True for process tokens (the object of a signal or ptrace), false for the acting subject.</summary>
    public bool IsProcessObject => Type is BsmTokenType.Process32 or BsmTokenType.Process32Ex or BsmTokenType.Process64
        or BsmTokenType.Process64Ex;
}

/// <summary>path, text and zonename tokens: one string (the NUL terminator removed).</summary>
public sealed record BsmTextToken(byte Type, string Value) : BsmToken(Type);

/// <summary>attr32/attr64: the file's mode, owner, file system and inode.</summary>
public sealed record BsmAttrToken(byte Type, uint Mode, uint Uid, uint Gid, uint FileSystemId, ulong NodeId, ulong Device)
    : BsmToken(Type);

/// <summary>arg32/arg64: a system-call argument, its position and a description.</summary>
public sealed record BsmArgToken(byte Type, byte Number, ulong Value, string Text) : BsmToken(Type);

/// <summary>exec_args and exec_env: the argument vector or the environment of an exec.</summary>
public sealed record BsmExecStringsToken(byte Type, IReadOnlyList<string> Values) : BsmToken(Type);

/// <summary>return32/return64: the error number (0 on success) and the return value.</summary>
public sealed record BsmReturnToken(byte Type, byte Status, long Value) : BsmToken(Type);

/// <summary>
/// Socket tokens: socket (Solaris), socket_ex, sockinet32/128 (only the address the call named) and sockunix (path).
/// Unknown parts are null.
/// </summary>
public sealed record BsmSocketToken(byte Type, ushort Domain, ushort SocketType, IPAddress? LocalAddress, ushort? LocalPort,
    IPAddress? RemoteAddress, ushort? RemotePort, string? UnixPath) : BsmToken(Type);

/// <summary>in_addr and in_addr_ex: an internet address.</summary>
public sealed record BsmInAddrToken(byte Type, IPAddress Address) : BsmToken(Type);

/// <summary>ip: an IP header (20 bytes, kept raw).</summary>
public sealed record BsmIpToken(byte Type, byte[] Header) : BsmToken(Type);

/// <summary>iport: an internet port (network byte order).</summary>
public sealed record BsmIPortToken(byte Type, ushort Port) : BsmToken(Type);

/// <summary>seq: a sequence number.</summary>
public sealed record BsmSeqToken(byte Type, uint Number) : BsmToken(Type);

/// <summary>opaque: bytes with a length.</summary>
public sealed record BsmOpaqueToken(byte Type, byte[] Bytes) : BsmToken(Type);

/// <summary>data (arbitrary): how to print, the unit size, the unit count and the bytes.</summary>
public sealed record BsmDataToken(byte Type, byte HowToPrint, byte UnitType, byte UnitCount, byte[] Bytes) : BsmToken(Type);

/// <summary>arg_uuid and ret_uuid: a UUID naming an argument or returned object, with its number or status and a text.</summary>
public sealed record BsmUuidToken(byte Type, byte NumberOrStatus, Guid Uuid, string Text) : BsmToken(Type);

/// <summary>file: the trail file a trail continues from or ends in (its time and name).</summary>
public sealed record BsmFileToken(byte Type, DateTime Time, string Name) : BsmToken(Type);

/// <summary>ipc: an IPC object's type and id.</summary>
public sealed record BsmIpcToken(byte Type, byte IpcType, uint Id) : BsmToken(Type);

/// <summary>exit: a process's exit status and return value.</summary>
public sealed record BsmExitToken(byte Type, uint Status, uint Return) : BsmToken(Type);

/// <summary>trailer: the magic 0xB105 and the record size again.</summary>
public sealed record BsmTrailerToken(byte Type, uint RecordSize) : BsmToken(Type);

/// <summary>A token whose layout is known but whose content Recorder does not use (ipc_perm, groups, ...): skipped.</summary>
public sealed record BsmSkippedToken(byte Type, int Length) : BsmToken(Type);

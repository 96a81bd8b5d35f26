namespace Recorder.Linux.Audit.Normalization;

/// <summary>What a syscall means to the normaliser. Several syscalls map to one action (open, openat, creat, ...).</summary>
public enum SyscallAction
{
    None,
    Execve,
    ExitGroup,
    /// <summary>open(path, flags): flags in a1.</summary>
    Open,
    /// <summary>openat(dirfd, path, flags): flags in a2.</summary>
    OpenAt,
    /// <summary>openat2(dirfd, path, how, size): flags in the OPENAT2 record.</summary>
    OpenAt2,
    /// <summary>creat(path, mode): always creates or truncates.</summary>
    Creat,
    Truncate,
    Rename,
    Unlink,
    Chmod,
    Chown,
    Connect,
    Accept,
    Bind,
    Listen,
    ModuleLoad,
    ModuleUnload,
    /// <summary>setuid(uid) and setfsuid-free variants with one id in a0.</summary>
    SetUid,
    /// <summary>setreuid(ruid, euid).</summary>
    SetReUid,
    /// <summary>setresuid(ruid, euid, suid).</summary>
    SetResUid,
    /// <summary>i386 socketcall(call, args): the socket operation is in a0.</summary>
    SocketCall,
}

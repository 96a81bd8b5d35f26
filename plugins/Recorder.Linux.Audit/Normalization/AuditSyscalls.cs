namespace Recorder.Linux.Audit.Normalization;

/// <summary>
/// The few syscall numbers the normaliser needs, per audit architecture (<c>arch=</c> in SYSCALL records). The full
/// name tables for rules live in <c>Rules/SyscallTable</c>; this is a switch so the hot path does no lookups.
/// </summary>
public static class AuditSyscalls
{
    /// <summary>AUDIT_ARCH_X86_64.</summary>
    public const uint ArchX86_64 = 0xc000003e;
    /// <summary>AUDIT_ARCH_I386.</summary>
    public const uint ArchI386 = 0x40000003;
    /// <summary>AUDIT_ARCH_AARCH64 (the generic table, shared by riscv64 and loongarch).</summary>
    public const uint ArchAarch64 = 0xc00000b7;

    /// <summary>What syscall <paramref name="number"/> means on <paramref name="arch"/>.</summary>
    public static SyscallAction Lookup(uint arch, long number) => arch switch
    {
        ArchX86_64 => X86_64(number),
        ArchI386 => I386(number),
        ArchAarch64 => Generic(number),
        _ => SyscallAction.None,
    };

    private static SyscallAction X86_64(long n) => n switch
    {
        59 or 322 => SyscallAction.Execve,
        231 => SyscallAction.ExitGroup,
        2 => SyscallAction.Open,
        257 => SyscallAction.OpenAt,
        437 => SyscallAction.OpenAt2,
        85 => SyscallAction.Creat,
        76 or 77 => SyscallAction.Truncate,
        82 or 264 or 316 => SyscallAction.Rename,
        87 or 263 or 84 => SyscallAction.Unlink,
        90 or 91 or 268 or 452 => SyscallAction.Chmod,
        92 or 93 or 94 or 260 => SyscallAction.Chown,
        42 => SyscallAction.Connect,
        43 or 288 => SyscallAction.Accept,
        49 => SyscallAction.Bind,
        50 => SyscallAction.Listen,
        175 or 313 => SyscallAction.ModuleLoad,
        176 => SyscallAction.ModuleUnload,
        105 => SyscallAction.SetUid,
        113 => SyscallAction.SetReUid,
        117 => SyscallAction.SetResUid,
        _ => SyscallAction.None,
    };

    private static SyscallAction I386(long n) => n switch
    {
        11 or 358 => SyscallAction.Execve,
        252 => SyscallAction.ExitGroup,
        5 => SyscallAction.Open,
        295 => SyscallAction.OpenAt,
        437 => SyscallAction.OpenAt2,
        8 => SyscallAction.Creat,
        92 or 93 or 193 or 194 => SyscallAction.Truncate,
        38 or 302 or 353 => SyscallAction.Rename,
        10 or 301 or 40 => SyscallAction.Unlink,
        15 or 94 or 306 or 452 => SyscallAction.Chmod,
        16 or 95 or 182 or 198 or 207 or 212 or 298 => SyscallAction.Chown,
        362 => SyscallAction.Connect,
        364 => SyscallAction.Accept,
        361 => SyscallAction.Bind,
        363 => SyscallAction.Listen,
        102 => SyscallAction.SocketCall,
        128 or 350 => SyscallAction.ModuleLoad,
        129 => SyscallAction.ModuleUnload,
        23 or 213 => SyscallAction.SetUid,
        70 or 203 => SyscallAction.SetReUid,
        164 or 208 => SyscallAction.SetResUid,
        _ => SyscallAction.None,
    };

    private static SyscallAction Generic(long n) => n switch
    {
        221 or 281 => SyscallAction.Execve,
        94 => SyscallAction.ExitGroup,
        56 => SyscallAction.OpenAt,
        437 => SyscallAction.OpenAt2,
        45 or 46 => SyscallAction.Truncate,
        38 or 276 => SyscallAction.Rename,
        35 => SyscallAction.Unlink,
        52 or 53 or 452 => SyscallAction.Chmod,
        54 or 55 => SyscallAction.Chown,
        203 => SyscallAction.Connect,
        202 or 242 => SyscallAction.Accept,
        200 => SyscallAction.Bind,
        201 => SyscallAction.Listen,
        105 or 273 => SyscallAction.ModuleLoad,
        106 => SyscallAction.ModuleUnload,
        146 => SyscallAction.SetUid,
        145 => SyscallAction.SetReUid,
        147 => SyscallAction.SetResUid,
        _ => SyscallAction.None,
    };

    /// <summary>The socket operation of an i386 socketcall (SYS_BIND = 2, ...), as a <see cref="SyscallAction"/>.</summary>
    public static SyscallAction FromSocketCall(ulong call) => call switch
    {
        2 => SyscallAction.Bind,
        3 => SyscallAction.Connect,
        4 => SyscallAction.Listen,
        5 or 18 => SyscallAction.Accept,
        _ => SyscallAction.None,
    };
}

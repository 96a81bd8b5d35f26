namespace Recorder.Linux.Audit.Rules;

/// <summary>
/// Architectures as the kernel names them in the <c>arch</c> field (AUDIT_ARCH_* of linux/audit.h: ELF machine
/// number plus 64-bit and little-endian bits), and the auditctl names that map to them.
/// </summary>
public static class AuditArch
{
    public const uint Bit64 = 0x80000000;
    public const uint LittleEndian = 0x40000000;
    public const uint X86_64 = 62 | Bit64 | LittleEndian;
    public const uint I386 = 3 | LittleEndian;
    public const uint Aarch64 = 183 | Bit64 | LittleEndian;
    public const uint Arm = 40 | LittleEndian;
    public const uint Ppc64 = 21 | Bit64;
    public const uint Ppc64Le = 21 | Bit64 | LittleEndian;
    public const uint Ppc = 20;
    public const uint S390X = 22 | Bit64;
    public const uint S390 = 22;

    /// <summary>The syscall table names this library carries (<c>b64</c>, <c>b32</c> on x86_64).</summary>
    public const string B64 = "b64";
    public const string B32 = "b32";

    /// <summary>The architecture of this machine's native syscalls (only x86_64 has tables here).</summary>
    public static uint Native { get; } = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.Arm64 => Aarch64,
        System.Runtime.InteropServices.Architecture.X86 => I386,
        _ => X86_64,
    };

    /// <summary>
    /// Resolves an auditctl arch value: <c>b64</c>/<c>b32</c> relative to this machine, a machine name
    /// (<c>x86_64</c>, <c>i686</c>, ...), or a number (an AUDIT_ARCH value). Null when unknown.
    /// </summary>
    public static uint? Resolve(string value, uint native)
    {
        switch (value.ToLowerInvariant())
        {
            case "b64":
                return Is64Bit(native) ? native : null;
            case "b32":
                return native switch
                {
                    X86_64 => I386,
                    Ppc64 => Ppc,
                    S390X => S390,
                    Aarch64 => Arm,
                    Ppc64Le => null,
                    _ => Is64Bit(native) ? null : native,
                };
            case "x86_64": return X86_64;
            case "i386" or "i486" or "i586" or "i686": return I386;
            case "aarch64" or "armv8l": return Aarch64;
            case "arm" or "armeb" or "armv5tejl" or "armv5tel" or "armv6l" or "armv7l": return Arm;
            case "ppc64": return Ppc64;
            case "ppc64le": return Ppc64Le;
            case "ppc": return Ppc;
            case "s390x": return S390X;
            case "s390": return S390;
        }
        return null;
    }

    public static bool Is64Bit(uint arch) => (arch & Bit64) != 0;

    /// <summary>True when <paramref name="arch"/> is one of the AUDIT_ARCH values auditctl knows.</summary>
    public static bool IsKnown(uint arch) =>
        arch is X86_64 or I386 or Aarch64 or Arm or Ppc64 or Ppc64Le or Ppc or S390X or S390;

    /// <summary>The name <c>ausyscall</c> uses for an architecture's table.</summary>
    public static string? TableName(uint arch) => arch switch
    {
        X86_64 => "x86_64",
        I386 => "i386",
        _ => null,
    };
}

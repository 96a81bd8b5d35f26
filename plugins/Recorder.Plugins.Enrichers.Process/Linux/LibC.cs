using System.Runtime.InteropServices;

namespace Recorder.Plugins.Enrichers.Process.Linux;

/// <summary>The few libc calls the enrichers need, named as in C. Nothing else in the plugin P/Invokes.</summary>
internal static unsafe partial class LibC
{
    public const int AT_FDCWD = -100;
    public const int AT_STATX_SYNC_AS_STAT = 0;
    public const uint STATX_BASIC_STATS = 0x7ff;
    public const int _SC_CLK_TCK = 2;
    public const int PATH_MAX = 4096;

    public const int O_RDONLY = 0;
    public const int O_CLOEXEC = 0x80000;

    [LibraryImport("libc", SetLastError = true)]
    public static partial long sysconf(int name);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int open(byte* pathname, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint read(int fd, byte* buf, nuint count);

    [LibraryImport("libc")]
    public static partial int close(int fd);

    /// <summary><c>statx(2)</c>: its struct has the same layout on every architecture, unlike <c>struct stat</c>.</summary>
    [LibraryImport("libc", SetLastError = true)]
    public static partial int statx(int dirfd, byte* pathname, int flags, uint mask, StatxBuffer* statxbuf);

    /// <summary><c>realpath(3)</c>: resolves symlinks, <c>.</c> and <c>..</c> the way the kernel does.</summary>
    [LibraryImport("libc", SetLastError = true)]
    public static partial byte* realpath(byte* path, byte* resolved);

    /// <summary><c>getpwuid_r(3)</c>: a user through NSS; returns 0 or an errno (ERANGE: the buffer is too small).</summary>
    [LibraryImport("libc")]
    public static partial int getpwuid_r(uint uid, Users.Passwd* pwd, byte* buf, nuint buflen, Users.Passwd** result);

    /// <summary><c>getgrgid_r(3)</c>: a group through NSS.</summary>
    [LibraryImport("libc")]
    public static partial int getgrgid_r(uint gid, Users.Group* grp, byte* buf, nuint buflen, Users.Group** result);
}

/// <summary>
/// <c>struct statx</c> (256 bytes). Only the fields the hash cache keys on are exposed; offsets are those of
/// <c>linux/stat.h</c>.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 256)]
internal struct StatxBuffer
{
    [FieldOffset(28)] public ushort Mode;
    [FieldOffset(32)] public ulong Inode;
    [FieldOffset(40)] public ulong Size;
    [FieldOffset(96)] public long CtimeSeconds;
    [FieldOffset(104)] public uint CtimeNanoseconds;
    [FieldOffset(112)] public long MtimeSeconds;
    [FieldOffset(120)] public uint MtimeNanoseconds;
    [FieldOffset(136)] public uint DevMajor;
    [FieldOffset(140)] public uint DevMinor;
}

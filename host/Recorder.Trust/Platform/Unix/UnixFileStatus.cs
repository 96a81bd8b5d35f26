using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Recorder.Trust;

/// <summary>
/// Owner, group, type and permission bits of a path without following a final symlink. .NET exposes the permission
/// bits but not the owner, and trust decisions need both. Linux uses <c>statx</c> with <c>AT_SYMLINK_NOFOLLOW</c>
/// (one layout on every Linux architecture, unlike <c>struct stat</c>); macOS uses <c>lstat</c>, whose 64-bit-inode
/// <c>struct stat</c> has one layout on arm64 and x64.
/// </summary>
[SupportedOSPlatform("linux")]
[SupportedOSPlatform("macos")]
internal readonly partial record struct UnixFileStatus(uint Uid, uint Gid, uint Mode)
{
    private const uint TypeMask = 0xF000, Directory = 0x4000, Regular = 0x8000, SymbolicLink = 0xA000;

    public bool IsDirectory => (Mode & TypeMask) == Directory;
    public bool IsRegularFile => (Mode & TypeMask) == Regular;
    public bool IsSymbolicLink => (Mode & TypeMask) == SymbolicLink;
    public bool IsSticky => (Mode & 0x200) != 0;

    /// <summary>True when the group or others may write (mode bits 0022).</summary>
    public bool WritableByGroupOrOthers => (Mode & 0x12) != 0;

    /// <summary>The permission bits as an octal string such as <c>0755</c>.</summary>
    public string OctalPermissions => "0" + Convert.ToString(Mode & 0xFFF, 8).PadLeft(3, '0');

    /// <summary>The effective user id of this process.</summary>
    public static uint EffectiveUserId => OperatingSystem.IsMacOS() ? MacNative.geteuid() : LinuxNative.geteuid();

    public static UnixFileStatus Lstat(string path)
    {
        Span<byte> buffer = stackalloc byte[256]; // >= sizeof(struct statx) and sizeof(struct stat) on macOS
        int result;
        unsafe
        {
            fixed (byte* p = buffer)
                result = OperatingSystem.IsMacOS()
                    ? RuntimeInformation.ProcessArchitecture == Architecture.X64 ? MacNative.lstat_inode64(path, p) : MacNative.lstat(path, p)
                    : LinuxNative.statx(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, p);
        }
        if (result != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"{path}: cannot stat ({Marshal.GetPInvokeErrorMessage(errno)})", errno);
        }
        return OperatingSystem.IsMacOS()
            // macOS struct stat: st_mode (u16) at offset 4, st_uid at 16, st_gid at 20.
            ? new UnixFileStatus(BitConverter.ToUInt32(buffer[16..20]), BitConverter.ToUInt32(buffer[20..24]), BitConverter.ToUInt16(buffer[4..6]))
            // Linux struct statx: stx_uid at offset 20, stx_gid at 24, stx_mode (u16) at 28.
            : new UnixFileStatus(BitConverter.ToUInt32(buffer[20..24]), BitConverter.ToUInt32(buffer[24..28]), BitConverter.ToUInt16(buffer[28..30]));
    }

    /// <summary>The canonical absolute path, with every symlink in it resolved (<c>realpath</c>).</summary>
    public static string RealPath(string path)
    {
        unsafe
        {
            var resolved = OperatingSystem.IsMacOS() ? MacNative.realpath(path, null) : LinuxNative.realpath(path, null);
            if (resolved is null)
            {
                var errno = Marshal.GetLastPInvokeError();
                throw new IOException($"{path}: cannot resolve ({Marshal.GetPInvokeErrorMessage(errno)})", errno);
            }
            try
            {
                return Marshal.PtrToStringUTF8((nint)resolved)!;
            }
            finally
            {
                if (OperatingSystem.IsMacOS()) MacNative.free(resolved);
                else LinuxNative.free(resolved);
            }
        }
    }

    private const int AtFdCwd = -100, AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;

    private static unsafe partial class LinuxNative
    {
        [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        public static partial int statx(int dirfd, string path, int flags, uint mask, byte* buffer);

        [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        public static partial byte* realpath(string path, byte* resolved);

        [LibraryImport("libc")]
        public static partial void free(void* pointer);

        [LibraryImport("libc")]
        public static partial uint geteuid();
    }

    private static unsafe partial class MacNative
    {
        private const string LibSystem = "/usr/lib/libSystem.dylib";

        [LibraryImport(LibSystem, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        public static partial int lstat(string path, byte* buffer);

        // On x64 the plain symbol is the old 32-bit-inode layout.
        [LibraryImport(LibSystem, EntryPoint = "lstat$INODE64", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        public static partial int lstat_inode64(string path, byte* buffer);

        [LibraryImport(LibSystem, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        public static partial byte* realpath(string path, byte* resolved);

        [LibraryImport(LibSystem)]
        public static partial void free(void* pointer);

        [LibraryImport(LibSystem)]
        public static partial uint geteuid();
    }
}

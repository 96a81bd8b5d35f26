using System.Runtime.InteropServices;
using System.Text;

namespace Recorder.Plugins.Enrichers.Process.Linux;

/// <summary>Path calls that need libc: file identity (statx) and symlink resolution (realpath).</summary>
internal static unsafe class NativePath
{
    /// <summary>Identity of the file at <paramref name="path"/> (following symlinks), or the errno when it cannot be read.</summary>
    public static bool TryGetIdentity(string path, out FileIdentity identity, out int errno)
    {
        Span<byte> buffer = stackalloc byte[LibC.PATH_MAX];
        if (!TryEncode(path, buffer, out var length)) { identity = default; errno = 36; /* ENAMETOOLONG */ return false; }
        buffer[length] = 0;
        StatxBuffer stx;
        fixed (byte* p = buffer)
        {
            if (LibC.statx(LibC.AT_FDCWD, p, LibC.AT_STATX_SYNC_AS_STAT, LibC.STATX_BASIC_STATS, &stx) != 0)
            {
                identity = default;
                errno = Marshal.GetLastPInvokeError();
                return false;
            }
        }
        identity = new FileIdentity(
            ((ulong)stx.DevMajor << 32) | stx.DevMinor, stx.Inode, (long)stx.Size,
            stx.MtimeSeconds * 1_000_000_000 + stx.MtimeNanoseconds,
            stx.CtimeSeconds * 1_000_000_000 + stx.CtimeNanoseconds);
        errno = 0;
        return true;
    }

    /// <summary>The canonical path (every symlink, <c>.</c> and <c>..</c> resolved), or null when it does not exist.</summary>
    public static string? RealPath(string path)
    {
        Span<byte> input = stackalloc byte[LibC.PATH_MAX];
        if (!TryEncode(path, input, out var length)) return null;
        input[length] = 0;
        byte* output = stackalloc byte[LibC.PATH_MAX];
        fixed (byte* p = input)
        {
            if (LibC.realpath(p, output) == null) return null;
        }
        return Marshal.PtrToStringUTF8((IntPtr)output);
    }

    private static bool TryEncode(string path, Span<byte> buffer, out int length)
    {
        // Leave room for the terminating NUL.
        if (Encoding.UTF8.GetMaxByteCount(path.Length) >= buffer.Length && Encoding.UTF8.GetByteCount(path) >= buffer.Length)
        {
            length = 0;
            return false;
        }
        length = Encoding.UTF8.GetBytes(path, buffer);
        return true;
    }
}

/// <summary>What identifies one version of a file: device, inode, size, modification and change times (ns).</summary>
internal readonly record struct FileIdentity(ulong Device, ulong Inode, long Size, long MtimeNanoseconds, long CtimeNanoseconds);

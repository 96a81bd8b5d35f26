using System.Runtime.InteropServices;

namespace Recorder.Trust.Tests.Support;

/// <summary>The few libc calls the permission tests need to set up real ownership and special files.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static partial class UnixTestCalls
{
    public const uint Nobody = 65534;

    public static void Chown(string path, uint uid, uint gid)
    {
        if (lchown(path, uid, gid) != 0)
            throw new IOException($"lchown {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
    }

    public static void MakeFifo(string path)
    {
        if (mkfifo(path, 0x1A4 /* 0644 */) != 0)
            throw new IOException($"mkfifo {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
    }

    public static bool IsRoot => geteuid() == 0;

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int lchown(string path, uint owner, uint group);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mkfifo(string path, uint mode);

    [LibraryImport("libc")]
    private static partial uint geteuid();
}

using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Recorder.Plugins.Collectors.MacOS.Live;

/// <summary>The few libc calls the auditpipe needs.</summary>
[SupportedOSPlatform("macos")]
internal static unsafe partial class MacLibC
{
    public const int ReadOnly = 0;

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    // ioctl is variadic. On Apple arm64 a variadic argument is passed on the stack, not in a register, so the
    // argument pointer goes ninth, after eight unused register arguments; on x64 it goes third as usual.
    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int IoctlArm64(int fd, nuint request, nint x2, nint x3, nint x4, nint x5, nint x6, nint x7, void* argument);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int IoctlX64(int fd, nuint request, void* argument);

    public static int Ioctl(int fd, uint request, void* argument) =>
        RuntimeInformation.ProcessArchitecture == Architecture.Arm64
            ? IoctlArm64(fd, request, 0, 0, 0, 0, 0, 0, argument)
            : IoctlX64(fd, request, argument);
}

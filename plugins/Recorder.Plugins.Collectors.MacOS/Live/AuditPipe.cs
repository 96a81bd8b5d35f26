using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Microsoft.Win32.SafeHandles;
using Recorder.Plugins.Collectors.MacOS.Bsm;

namespace Recorder.Plugins.Collectors.MacOS.Live;

/// <summary>
/// A clone of <c>/dev/auditpipe</c> (each open is an independent clone with its own preselection), set to local mode
/// with our class's masks, read as a stream of whole BSM records. What is read goes to the same trail reader the
/// importer uses.
/// </summary>
[SupportedOSPlatform("macos")]
internal static unsafe class AuditPipe
{
    public const string Device = "/dev/auditpipe";

    private const uint SetQueueLimit = 0x80044103;
    private const uint SetPreselectFlags = 0x80084107;
    private const uint SetPreselectNonAttributableFlags = 0x80084109;
    private const uint SetPreselectMode = 0x8004410F;

    /// <summary>Opens a clone preselected by <paramref name="preselection"/>; throws IOException naming the step that failed.</summary>
    public static FileStream Open(AuditPipePreselection preselection)
    {
        var fd = MacLibC.Open(Device, MacLibC.ReadOnly);
        if (fd < 0) throw new IOException($"{Device}: open failed (errno {Marshal.GetLastPInvokeError()}); audit may be disabled (macOS 14+)");
        try
        {
            var mode = AuditPipePreselection.LocalMode;
            Check(MacLibC.Ioctl(fd, SetPreselectMode, &mode), "AUDITPIPE_SET_PRESELECT_MODE");
            var limit = preselection.QueueLimit;
            Check(MacLibC.Ioctl(fd, SetQueueLimit, &limit), "AUDITPIPE_SET_QLIMIT");
            var flags = stackalloc uint[2] { preselection.Flags.Success, preselection.Flags.Failure };
            Check(MacLibC.Ioctl(fd, SetPreselectFlags, flags), "AUDITPIPE_SET_PRESELECT_FLAGS");
            var naflags = stackalloc uint[2] { preselection.NonAttributableFlags.Success, preselection.NonAttributableFlags.Failure };
            Check(MacLibC.Ioctl(fd, SetPreselectNonAttributableFlags, naflags), "AUDITPIPE_SET_PRESELECT_NAFLAGS");
            return new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Read, bufferSize: 0);
        }
        catch
        {
            MacLibC.Close(fd);
            throw;
        }
    }

    private static void Check(int result, string request)
    {
        if (result < 0) throw new IOException($"{Device}: {request} failed (errno {Marshal.GetLastPInvokeError()})");
    }
}

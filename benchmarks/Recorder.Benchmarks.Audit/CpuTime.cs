using System.Runtime.InteropServices;

namespace Recorder.Benchmarks.Audit;

/// <summary>
/// CPU time of the calling thread and of finished child processes. The machine is shared, so wall-clock time
/// includes waiting for a core; CPU time is what "records per second on one core" means.
/// </summary>
internal static partial class CpuTime
{
    private const int ClockThreadCpuTimeId = 3;
    private const int RusageChildren = -1;

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec { public long Seconds; public long Nanoseconds; }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timeval { public long Seconds; public long Microseconds; }

    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct Rusage
    {
        public Timeval User;
        public Timeval System;
        public fixed long Rest[14];
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int clock_gettime(int clock, out Timespec time);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int getrusage(int who, out Rusage usage);

    /// <summary>CPU seconds used by this thread so far.</summary>
    public static double Thread()
    {
        clock_gettime(ClockThreadCpuTimeId, out var t);
        return t.Seconds + t.Nanoseconds / 1e9;
    }

    /// <summary>User + system CPU seconds of all children waited for so far.</summary>
    public static double Children()
    {
        getrusage(RusageChildren, out var u);
        return u.User.Seconds + u.User.Microseconds / 1e6 + u.System.Seconds + u.System.Microseconds / 1e6;
    }
}

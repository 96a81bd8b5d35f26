using System.Runtime.InteropServices;

namespace Recorder.Tests.Shared;

/// <summary>
/// Facts that need root and the kernel audit subsystem. On a laptop without root they skip with the reason;
/// under CI=true they never skip: a missing privilege fails the test instead.
/// </summary>
public sealed class KernelAuditFactAttribute : FactAttribute
{
    public KernelAuditFactAttribute()
    {
        if (KernelAudit.SkipReason() is { } reason && !KernelAudit.IsCi) Skip = reason;
    }
}

/// <summary>Theory counterpart of <see cref="KernelAuditFactAttribute"/>.</summary>
public sealed class KernelAuditTheoryAttribute : TheoryAttribute
{
    public KernelAuditTheoryAttribute()
    {
        if (KernelAudit.SkipReason() is { } reason && !KernelAudit.IsCi) Skip = reason;
    }
}

/// <summary>
/// The kernel's audit state is global to the machine. Tests that change it take this lock, which is held
/// across processes (test projects run in parallel), and belong to the "kernel-audit" collection.
/// </summary>
public static class KernelAudit
{
    public const string Collection = "kernel-audit";

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    [DllImport("libc", SetLastError = true)]
    private static extern uint geteuid();

    public static bool IsRoot => geteuid() == 0;

    public static string? SkipReason()
    {
        if (!OperatingSystem.IsLinux()) return "needs Linux kernel audit";
        if (!IsRoot) return "needs root (CAP_AUDIT_CONTROL) to use the kernel audit subsystem";
        return null;
    }

    /// <summary>Takes the machine-wide lock; dispose to release. Waits up to 10 minutes.</summary>
    public static IDisposable Lock()
    {
        var path = Path.Combine(Path.GetTempPath(), "recorder-kernel-audit.lock");
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive flock(2), the same lock scripts take with flock(1). The file is never
                // deleted: a holder that deleted it on release would leave a waiter locking the unlinked file while
                // the next taker creates and locks a new one, and both would run.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(100);
            }
        }
    }
}

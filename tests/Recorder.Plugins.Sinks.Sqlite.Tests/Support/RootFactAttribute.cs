using Recorder.Tests.Shared;

namespace Recorder.Plugins.Sinks.Sqlite.Tests.Support;

/// <summary>A fact that needs root (to mount a small file system). Skips without root, except under CI=true where it must run.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "needs Linux mounts";
        else if (!KernelAudit.IsRoot && !KernelAudit.IsCi) Skip = "needs root to mount a test file system";
    }
}

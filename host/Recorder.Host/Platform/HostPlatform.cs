namespace Recorder.Host.Platform;

/// <summary>The one place that picks this operating system's <see cref="IHostPlatform"/>.</summary>
public static class HostPlatform
{
    public static IHostPlatform Current { get; } = Create();

    private static IHostPlatform Create()
    {
        if (OperatingSystem.IsLinux()) return new LinuxHostPlatform();
        if (OperatingSystem.IsWindows()) return new WindowsHostPlatform();
        if (OperatingSystem.IsMacOS()) return new MacHostPlatform();
        throw new PlatformNotSupportedException($"{System.Runtime.InteropServices.RuntimeInformation.OSDescription}: Recorder runs on Linux, Windows and macOS");
    }
}

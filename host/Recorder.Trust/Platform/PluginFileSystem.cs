namespace Recorder.Trust;

/// <summary>The one place that picks this operating system's <see cref="IPluginFileSystem"/>.</summary>
internal static class PluginFileSystem
{
    public static IPluginFileSystem Current { get; } = Create();

    private static IPluginFileSystem Create()
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) return new UnixPluginFileSystem();
        if (OperatingSystem.IsWindows()) return new WindowsPluginFileSystem();
        throw new PlatformNotSupportedException($"{System.Runtime.InteropServices.RuntimeInformation.OSDescription}: Recorder verifies plugins on Linux, Windows and macOS only");
    }
}

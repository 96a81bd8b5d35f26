namespace Recorder.Trust;

/// <summary>An operating system a plugin runs on, as a manifest names it (<c>linux</c>, <c>windows</c>, <c>macos</c>, <c>any</c>).</summary>
public enum PluginOperatingSystem
{
    Any,
    Linux,
    Windows,
    MacOS,
}

/// <summary>Names used in manifests and on the command line, and the system this process runs on.</summary>
public static class PluginOperatingSystems
{
    /// <summary>The operating system of this process.</summary>
    public static PluginOperatingSystem Current =>
        OperatingSystem.IsLinux() ? PluginOperatingSystem.Linux
        : OperatingSystem.IsWindows() ? PluginOperatingSystem.Windows
        : OperatingSystem.IsMacOS() ? PluginOperatingSystem.MacOS
        : PluginOperatingSystem.Any;

    public static string ToManifestName(this PluginOperatingSystem os) => os switch
    {
        PluginOperatingSystem.Linux => "linux",
        PluginOperatingSystem.Windows => "windows",
        PluginOperatingSystem.MacOS => "macos",
        _ => "any",
    };

    public static bool TryParse(string name, out PluginOperatingSystem os)
    {
        switch (name)
        {
            case "linux": os = PluginOperatingSystem.Linux; return true;
            case "windows": os = PluginOperatingSystem.Windows; return true;
            case "macos": os = PluginOperatingSystem.MacOS; return true;
            case "any": os = PluginOperatingSystem.Any; return true;
            default: os = default; return false;
        }
    }
}

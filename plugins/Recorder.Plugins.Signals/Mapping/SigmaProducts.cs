namespace Recorder.Plugins.Signals.Mapping;

/// <summary>
/// The Sigma <c>product</c> of an event: the OS it was recorded on, told by the collector or importer that produced it
/// (a Windows log imported on Linux is still a Windows event), else the OS this recorder runs on.
/// </summary>
internal static class SigmaProducts
{
    public const string Linux = "linux";
    public const string Windows = "windows";
    public const string MacOS = "macos";

    public static string Of(IEventFields e) => e.Collector switch
    {
        null or "" => e.Tag("windows.computer") is not null ? Windows : Local,
        var c when c.Contains("linux", StringComparison.Ordinal) => Linux,
        var c when c.Contains("windows", StringComparison.Ordinal) || c.Contains("evtx", StringComparison.Ordinal)
                   || c.Contains("etw", StringComparison.Ordinal) => Windows,
        var c when c.Contains("macos", StringComparison.Ordinal) || c.Contains("bsm", StringComparison.Ordinal)
                   || c.Contains("eslogger", StringComparison.Ordinal) || c.Contains("fsevents", StringComparison.Ordinal) => MacOS,
        _ => e.Tag("windows.computer") is not null ? Windows : Local,
    };

    /// <summary>The OS this process runs on.</summary>
    public static string Local { get; } = OperatingSystem.IsWindows() ? Windows : OperatingSystem.IsMacOS() ? MacOS : Linux;
}

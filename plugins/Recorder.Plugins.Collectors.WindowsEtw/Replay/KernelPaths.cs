namespace Recorder.Plugins.Collectors.WindowsEtw.Replay;

/// <summary>Kernel paths as the trace recorded them.</summary>
internal static class KernelPaths
{
    /// <summary>
    /// The identity mapper: off the machine that wrote a trace, its drive letters are unknown, so paths stay in the
    /// kernel's form (<c>\Device\HarddiskVolume3\Windows\System32\ntdll.dll</c>).
    /// </summary>
    public static string Keep(string path) => path;
}

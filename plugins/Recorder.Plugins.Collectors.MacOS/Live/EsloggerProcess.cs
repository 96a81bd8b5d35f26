using System.Diagnostics;
using System.Runtime.Versioning;

namespace Recorder.Plugins.Collectors.MacOS.Live;

/// <summary>
/// Apple's <c>/usr/bin/eslogger</c> (macOS 13+) run for the EndpointSecurity event kinds wanted, its JSON lines read
/// from standard output. eslogger needs root and Full Disk Access for the recorder's binary.
/// </summary>
[SupportedOSPlatform("macos")]
internal sealed class EsloggerProcess : IDisposable
{
    public const string Path = "/usr/bin/eslogger";

    private readonly Process _process;

    public EsloggerProcess(IEnumerable<string> eventKinds)
    {
        var start = new ProcessStartInfo(Path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--format");
        start.ArgumentList.Add("json");
        foreach (var kind in eventKinds) start.ArgumentList.Add(kind);
        _process = Process.Start(start) ?? throw new IOException($"{Path}: could not be started");
    }

    public StreamReader Output => _process.StandardOutput;

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        _process.Dispose();
    }
}

using System.Diagnostics;

namespace Recorder.Plugins.Collectors.LinuxAudit.Tests.Support;

/// <summary>
/// A child process that keeps running while the test looks at what it did: it reports on stdout and ends when its
/// stdin closes (on dispose).
/// </summary>
internal sealed class HeldProcess : IDisposable
{
    private readonly Process _process;

    private HeldProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    public static HeldProcess Start(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardInput = true, RedirectStandardOutput = true };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        return new HeldProcess(Process.Start(info)!);
    }

    /// <summary>Reads stdout until <paramref name="line"/>; fails when the process ends first.</summary>
    public void WaitForLine(string line)
    {
        var read = _process.StandardOutput.ReadLineAsync();
        while (read.Wait(TimeSpan.FromSeconds(10)))
        {
            if (read.Result is null) throw new Xunit.Sdk.XunitException($"the child ended (exit {WaitExit()}) before saying '{line}'");
            if (read.Result == line) return;
            read = _process.StandardOutput.ReadLineAsync();
        }
        throw new TimeoutException($"the child did not say '{line}' within 10 s");
    }

    private int WaitExit()
    {
        _process.WaitForExit(5000);
        return _process.HasExited ? _process.ExitCode : -1;
    }

    public void Dispose()
    {
        _process.StandardInput.Close();
        if (!_process.WaitForExit(10_000)) _process.Kill(true);
        _process.Dispose();
    }
}

using System.Diagnostics;

namespace Recorder.Plugins.Collectors.LinuxAudit.Tests.Support;

/// <summary>
/// Runs real programs as child processes: the collector excludes its own process (the test process) from
/// auditing, so every audited action must happen in a child.
/// </summary>
internal static class ChildProcess
{
    public static (int Pid, int ExitCode, string Output) Run(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        if (!process.WaitForExit(30_000)) { process.Kill(true); throw new TimeoutException($"{file} did not finish"); }
        return (process.Id, process.ExitCode, output);
    }

    public static (int Pid, int ExitCode, string Output) Shell(string script) => Run("/bin/sh", "-c", script);
}

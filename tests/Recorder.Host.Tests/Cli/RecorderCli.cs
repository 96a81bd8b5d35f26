using System.Diagnostics;
using Recorder.Tests.Shared;

namespace Recorder.Host.Tests.Cli;

/// <summary>Runs the built `recorder` command as an administrator would, capturing its exit code and output.</summary>
internal static class RecorderCli
{
    public static (int Exit, string Output, string Errors) Run(params string[] arguments)
    {
        using var process = Process.Start(StartInfo(arguments))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "recorder did not finish");
        return (process.ExitCode, output.Result, errors.Result);
    }

    /// <summary>How to start the built `recorder` with <paramref name="arguments"/>, output redirected.</summary>
    public static ProcessStartInfo StartInfo(params string[] arguments)
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(RepoPaths.Root, "host", "Recorder.Cli", "bin", configuration, "net10.0", "recorder.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return start;
    }
}

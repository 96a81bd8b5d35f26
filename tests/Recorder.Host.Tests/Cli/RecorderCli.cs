using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Recorder.Tests.Shared;

namespace Recorder.Host.Tests.Cli;

/// <summary>Runs the built `recorder` command as an administrator would, capturing its exit code and output.</summary>
internal static partial class RecorderCli
{
    public const int Sigterm = 15;

    /// <summary>Starts the recorder without waiting (for `run`); the caller signals and waits.</summary>
    public static RunningRecorder Start(params string[] arguments) => new(Process.Start(StartInfo(arguments))!);

    /// <summary>How to start the built `recorder` with <paramref name="arguments"/>, output redirected.</summary>
    public static ProcessStartInfo StartInfo(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Dll());
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return start;
    }

    private static string Dll()
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        return Path.Combine(RepoPaths.Root, "host", "Recorder.Cli", "bin", configuration, "net10.0", "recorder.dll");
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    /// <summary>A recorder process started by <see cref="Start"/>, with its output collected as it comes.</summary>
    public sealed class RunningRecorder : IDisposable
    {
        private readonly StringBuilder _errors = new();

        public RunningRecorder(Process process)
        {
            Process = process;
            process.ErrorDataReceived += (_, e) => { lock (_errors) _errors.AppendLine(e.Data); };
            process.OutputDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
        }

        public Process Process { get; }

        public string Errors() { lock (_errors) return _errors.ToString(); }

        public void Signal(int signal) => Assert.Equal(0, Kill(Process.Id, signal));

        public void Dispose()
        {
            if (!Process.HasExited) Process.Kill(entireProcessTree: true);
            Process.Dispose();
        }
    }

    public static (int Exit, string Output, string Errors) Run(params string[] arguments) => Run(StartInfo(arguments));

    /// <summary>Runs a prepared start (the recorder, possibly wrapped, e.g. in a namespace) to its end.</summary>
    public static (int Exit, string Output, string Errors) Run(ProcessStartInfo start)
    {
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "recorder did not finish");
        return (process.ExitCode, output.Result, errors.Result);
    }
}

using System.Diagnostics;
using System.Text;

namespace Recorder.PluginTemplate.Tests.Support;

/// <summary>
/// Runs a command (the dotnet CLI or the built <c>recorder</c>) as a plugin author would in a shell, and fails
/// with everything it printed when it exits non-zero or overruns its time.
/// </summary>
internal static class DotnetCommand
{
    /// <summary>The dotnet executable running these tests.</summary>
    public static string Dotnet { get; } = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    public static Task<string> DotnetAsync(string workingDirectory, TimeSpan timeout, params string[] arguments) =>
        RunAsync(Dotnet, workingDirectory, timeout, arguments);

    public static async Task<string> RunAsync(string fileName, string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        CleanEnvironment(start.Environment);

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        var stopwatch = Stopwatch.StartNew();
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var overrun = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(overrun.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{Describe(fileName, arguments)}' did not finish within {timeout.TotalSeconds:F0} s:\n{output}");
        }
        process.WaitForExit(); // drains the output events
        var text = output.ToString();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"'{Describe(fileName, arguments)}' in {workingDirectory} exited with {process.ExitCode} after {stopwatch.Elapsed.TotalSeconds:F1} s:\n{text}");
        return text;
    }

    /// <summary>
    /// The test host runs inside `dotnet test`, whose MSBuild variables would steer a nested build to the outer
    /// one's settings; a plugin author's shell has none of them.
    /// </summary>
    private static void CleanEnvironment(IDictionary<string, string?> environment)
    {
        foreach (var name in environment.Keys.ToArray())
        {
            if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase)
                || name.Equals("DOTNET_HOST_PATH", StringComparison.OrdinalIgnoreCase))
                environment.Remove(name);
        }
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_NOLOGO"] = "1";
        environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        environment["MSBUILDDISABLENODEREUSE"] = "1"; // no build nodes left running after the test
    }

    private static string Describe(string fileName, string[] arguments) =>
        Path.GetFileName(fileName) + " " + string.Join(' ', arguments.Select(a => a.Contains(' ') ? $"\"{a}\"" : a));
}

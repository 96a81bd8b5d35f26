using System.Diagnostics;
using Recorder.Trust.Tests.Support;
using Recorder.Tests.Shared;

namespace Recorder.Host.Tests.Cli;

/// <summary>
/// Trust roots never depend on the working directory: a recorder installed outside any checkout, started from inside
/// someone's checkout (with its development trust store), still uses the installed folders. Only where its binaries
/// are, or RECORDER_CHECKOUT, puts it into checkout mode.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CheckoutLayoutTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly string _installed;
    private readonly string _otherCheckout;

    public CheckoutLayoutTests()
    {
        // The whole built CLI output folder, copied where no Recorder.sln is above it: an installed recorder.
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        _installed = _temp.Combine("opt", "recorder");
        CopyFolder(Path.Combine(RepoPaths.Root, "host", "Recorder.Cli", "bin", configuration, "net10.0"), _installed);

        // Another checkout, with the development trust store a checkout has.
        _otherCheckout = _temp.Combine("someones-checkout");
        Directory.CreateDirectory(Path.Combine(_otherCheckout, "artifacts", "trust", "keys"));
        Directory.CreateDirectory(Path.Combine(_otherCheckout, "docs"));
        File.WriteAllText(Path.Combine(_otherCheckout, "Recorder.sln"), "");
        File.WriteAllText(Path.Combine(_otherCheckout, "artifacts", "trust", "revoked.txt"), "");
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void An_installed_recorder_started_inside_another_checkout_uses_the_installed_trust_store()
    {
        var (exit, output, errors) = RunInstalled(workingDirectory: Path.Combine(_otherCheckout, "docs"), checkout: null, "paths");

        Assert.True(exit == 0, errors);
        Assert.Contains("layout             installed (linux)\n", output);
        Assert.Contains("trust_store        /etc/recorder/trust\n", output);
        Assert.Contains("plugin_dirs        /usr/lib/recorder/plugins\n", output);
        Assert.Contains("data_dir           /var/lib/recorder\n", output);
        Assert.DoesNotContain(_otherCheckout, output);

        // What a user sees when checking a plugin there: the installed trust store, never the checkout's.
        var verify = RunInstalled(workingDirectory: _otherCheckout, checkout: null, "plugin", "verify", Path.Combine(_otherCheckout, "artifacts", "plugins", "x"));
        Assert.DoesNotContain(Path.Combine(_otherCheckout, "artifacts", "trust"), verify.Output + verify.Errors);
        if (!Directory.Exists("/etc/recorder/trust"))
            Assert.Equal("recorder plugin verify: /etc/recorder/trust: trust store folder does not exist", verify.Errors.Trim());
    }

    [Fact]
    public void RECORDER_CHECKOUT_puts_an_installed_recorder_into_checkout_mode_explicitly()
    {
        var (exit, output, errors) = RunInstalled(workingDirectory: _temp.Path, checkout: _otherCheckout, "paths");

        Assert.True(exit == 0, errors);
        Assert.Contains($"layout             checkout {_otherCheckout} (from RECORDER_CHECKOUT)\n", output);
        Assert.Contains($"trust_store        {Path.Combine(_otherCheckout, "artifacts", "trust")}\n", output);

        var wrong = RunInstalled(workingDirectory: _temp.Path, checkout: _temp.Path, "paths");
        Assert.Equal(2, wrong.Exit);
        Assert.Contains("holds no Recorder.sln", wrong.Errors);
    }

    [Fact]
    public void A_recorder_built_in_a_checkout_uses_its_own_checkout_wherever_it_is_started()
    {
        var (exit, output, errors) = RecorderCliIn(_otherCheckout, "paths");

        Assert.True(exit == 0, errors);
        Assert.Contains($"layout             checkout {RepoPaths.Root} (the recorder's binaries are inside it)\n", output);
        Assert.DoesNotContain(_otherCheckout, output);
    }

    private (int Exit, string Output, string Errors) RunInstalled(string workingDirectory, string? checkout, params string[] arguments) =>
        Run(Path.Combine(_installed, "recorder.dll"), workingDirectory, checkout, arguments);

    private static (int Exit, string Output, string Errors) RecorderCliIn(string workingDirectory, params string[] arguments)
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        return Run(Path.Combine(RepoPaths.Root, "host", "Recorder.Cli", "bin", configuration, "net10.0", "recorder.dll"), workingDirectory, null, arguments);
    }

    private static (int Exit, string Output, string Errors) Run(string dll, string workingDirectory, string? checkout, string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        start.Environment.Remove("RECORDER_CHECKOUT");
        if (checkout is not null) start.Environment["RECORDER_CHECKOUT"] = checkout;
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "recorder did not finish");
        return (process.ExitCode, output.Result, errors.Result);
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var folder in Directory.GetDirectories(from)) CopyFolder(folder, Path.Combine(to, Path.GetFileName(folder)));
    }
}

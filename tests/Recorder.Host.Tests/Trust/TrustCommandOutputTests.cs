using System.Diagnostics;
using Recorder.Trust.Tests.Support;
using Recorder.Trust;

namespace Recorder.Host.Tests.Trust;

/// <summary>What an operator reads: the built `recorder` run as a process, its output and exit code.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class TrustCommandOutputTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Plugins_list_and_verify_say_which_plugin_is_refused_and_why()
    {
        using var key = SigningKey.Generate("acme-2026");
        var trust = _temp.Combine("trust");
        Directory.CreateDirectory(Path.Combine(trust, "keys"));
        key.WritePublicKeyFile(Path.Combine(trust, "keys", "acme-2026.pem"));
        var plugins = _temp.Combine("plugins");
        PluginFolderBuilder.CreateSigned(plugins, key, PluginFolderBuilder.Draft(id: "acme.sinks.good"), "good");
        var tampered = PluginFolderBuilder.CreateSigned(plugins, key, PluginFolderBuilder.Draft(id: "acme.sinks.tampered"), "tampered");
        File.AppendAllText(Path.Combine(tampered, "Acme.Compression.dll"), "!");
        PluginFolderBuilder.Create(plugins, ".deploy-in-progress");
        var data = _temp.Combine("data");

        var (listExit, list) = Recorder("plugins", "list", "--plugins", plugins, "--trust", trust, "--data", data);
        var (verifyExit, verify) = Recorder("plugin", "verify", tampered, "--trust", trust, "--data", data);

        Assert.Equal(0, listExit);
        var lines = list.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length); // header, good, tampered; the dot-folder is a deploy in progress
        Assert.Matches(@"^good\s+acme\.sinks\.good\s+1\.2\.0\s+100\s+accepted\s*$", lines[1]);
        Assert.Matches(@"^tampered\s+acme\.sinks\.tampered\s+1\.2\.0\s+100\s+refused\s+file-mismatch\s+Acme\.Compression\.dll: ", lines[2]);
        Assert.Equal(1, verifyExit);
        Assert.StartsWith("refused (file-mismatch): Acme.Compression.dll", verify);
    }

    [Fact]
    public void A_real_plugin_built_for_another_contracts_major_is_refused_with_the_reason()
    {
        // A real plugin build output, bundled twice by the real `recorder plugin bundle`: once as built (its
        // contracts version read from the assembly), once declaring the previous contracts major.
        var keys = _temp.Combine("keys");
        Assert.Equal(0, Recorder("keys", "new", "--out", keys, "--id", "acme-2026").Exit);
        var trust = _temp.Combine("trust");
        Directory.CreateDirectory(Path.Combine(trust, "keys"));
        File.Copy(Path.Combine(keys, "acme-2026.pem"), Path.Combine(trust, "keys", "acme-2026.pem"));
        var build = Runtime.HostTestBed.BuildOutput("Recorder.TestPlugins.FileSink");
        var host = HostInfo.ContractsVersion;
        var hostText = PluginManifestWriter.FormatContractsVersion(host);
        var previousMajor = $"{Math.Max(host.Major - 1, 0)}.0.0";
        var current = _temp.Combine("plugins", "current");
        var old = _temp.Combine("plugins", "old");
        Assert.Equal(0, Recorder("plugin", "bundle", build, "--out", current, "--key", Path.Combine(keys, "acme-2026.private.pem"), "--id", "acme.sinks.file", "--version", "1.0.0").Exit);
        Assert.Equal(0, Recorder("plugin", "bundle", build, "--out", old, "--key", Path.Combine(keys, "acme-2026.private.pem"), "--id", "acme.sinks.file", "--version", "0.9.0", "--contracts", previousMajor).Exit);
        var data = _temp.Combine("data");

        var (currentExit, currentOutput) = Recorder("plugin", "verify", current, "--trust", trust, "--data", data);
        var (oldExit, oldOutput) = Recorder("plugin", "verify", old, "--trust", trust, "--data", data);

        Assert.Equal(0, currentExit);
        Assert.StartsWith("accepted: ", currentOutput);
        Assert.Equal(1, oldExit);
        Assert.Equal($"refused (contracts-incompatible): manifest.json: field 'contractsVersion': the plugin was built for contracts {previousMajor}; " +
                     $"this host has {hostText} (major versions must match: rebuild the plugin against contracts {host.Major}.x)", oldOutput.Trim());
    }

    [Fact]
    public void Recorder_plugin_bundle_and_the_signing_tool_are_the_same_command()
    {
        var build = Runtime.HostTestBed.BuildOutput("Recorder.TestPlugins.FileSink");
        var devKeys = _temp.Combine("dev-keys");
        var trust = _temp.Combine("trust");
        var data = _temp.Combine("data");
        var byCli = _temp.Combine("plugins", "by-cli");
        var byTool = _temp.Combine("plugins", "by-tool");

        // The development-key mode the repository's build uses, through `recorder plugin bundle`: it makes the key and the trust store.
        var cli = Recorder("plugin", "bundle", build, "--out", byCli, "--dev-keys", devKeys, "--trust", trust, "--id", "acme.sinks.file", "--version", "1.0.0");
        // The key-file mode plugin authors use, through the signing tool, with the key the first call made.
        var tool = SigningTool("bundle", build, "--out", byTool, "--key", Path.Combine(devKeys, DevelopmentKey.PrivateKeyFileName), "--id", "acme.sinks.file", "--version", "1.0.1");

        Assert.Equal(0, cli.Exit);
        Assert.StartsWith("bundled acme.sinks.file", cli.Output);
        Assert.Equal(0, tool.Exit);
        Assert.StartsWith("bundled acme.sinks.file", tool.Output);
        Assert.StartsWith("accepted: ", Recorder("plugin", "verify", byCli, "--trust", trust, "--data", data).Output);
        Assert.StartsWith("accepted: ", Recorder("plugin", "verify", byTool, "--trust", trust, "--data", data).Output);

        // The same usage error from both; the signing tool marks it for MSBuild.
        var cliError = Recorder("plugin", "bundle", build, "--out", _temp.Combine("plugins", "no-key"));
        var toolError = SigningTool("bundle", build, "--out", _temp.Combine("plugins", "no-key"));
        Assert.Equal((2, "recorder plugin bundle: give --key, or --dev-keys and --trust"), (cliError.Exit, cliError.Output.Trim()));
        Assert.Equal((2, "error : recorder-sign bundle: give --key, or --dev-keys and --trust"), (toolError.Exit, toolError.Output.Trim()));
    }

    private static (int Exit, string Output) SigningTool(params string[] arguments)
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        return Run(Path.Combine(global::Recorder.Tests.Shared.RepoPaths.Root, "host", "Recorder.Signing.Tool", "bin", configuration, "net10.0", "Recorder.Signing.Tool.dll"), arguments);
    }

    private static (int Exit, string Output) Recorder(params string[] arguments) =>
        Run(Path.Combine(AppContext.BaseDirectory, "recorder.dll"), arguments);

    private static (int Exit, string Output) Run(string dll, string[] arguments)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(dll);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error);
    }
}

using System.CommandLine;

namespace Recorder.Trust;

/// <summary>
/// The one `bundle` command: `recorder plugin bundle` (plugin authors, plugin-template) and the build-time signing
/// tool that plugins/Directory.Build.targets runs after every plugin build both mount this, so their arguments and
/// behaviour cannot drift apart. It signs with a key file (<c>--key</c>), or with the repository's development key
/// (<c>--dev-keys</c> and <c>--trust</c>), which it creates and makes trusted on first use.
/// </summary>
public static class PluginBundleCommand
{
    /// <summary>Exit codes: 0 bundled, 1 failed (signing, key, files), 2 bad usage.</summary>
    public const int Failed = 1, BadUsage = 2;

    /// <param name="displayName">How messages name the command, e.g. <c>recorder plugin bundle</c>.</param>
    /// <param name="errorPrefix">Written before every error line; <c>"error : "</c> makes MSBuild show it as a build error.</param>
    public static Command Create(string displayName, string errorPrefix = "")
    {
        var from = new Argument<string>("from") { Description = "The plugin's build output folder." };
        var output = new Option<string>("--out") { Description = "The bundle folder to (re)create, e.g. plugins/<plugin-id>.", Required = true };
        var key = new Option<string?>("--key") { Description = "Private key file (from `recorder keys new`)." };
        var devKeys = new Option<string?>("--dev-keys") { Description = "Instead of --key: folder of a development key, created with a new key on first use (needs --trust)." };
        var trust = new Option<string?>("--trust") { Description = "With --dev-keys: development trust store made to trust the development key." };
        var trustTemplate = new Option<string?>("--trust-template") { Description = "With --dev-keys: shipped trust settings copied into the development trust store." };
        var runtimes = new Option<string[]>("--runtime") { Description = "Keep runtimes/<rid>/ native assets for these runtime ids (default: this machine's).", AllowMultipleArgumentsPerToken = true };
        var draft = new ManifestDraftOptions();
        var command = new Command("bundle", "Copy a plugin's build output (minus the assemblies the host shares and other platforms' native assets) into a bundle folder, sign it and swap it into place.")
        {
            from, output, key, devKeys, trust, trustTemplate, runtimes,
        };
        draft.AddTo(command);
        command.SetAction(parseResult =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            try
            {
                var overrides = draft.Read(parseResult);
                using var signingKey = parseResult.GetValue(key) is { } keyFile
                    ? SigningKey.LoadPrivateKeyFile(keyFile)
                    : parseResult.GetValue(devKeys) is { } devFolder && parseResult.GetValue(trust) is { } trustFolder
                        ? DevelopmentKey.Ensure(devFolder, trustFolder, parseResult.GetValue(trustTemplate))
                        : throw new CommandUsageException("give --key, or --dev-keys and --trust");
                var rids = parseResult.GetValue(runtimes);
                var signed = PluginBundler.Bundle(new PluginBundleOptions
                {
                    SourceDirectory = parseResult.GetValue(from)!,
                    BundleDirectory = parseResult.GetValue(output)!,
                    Draft = overrides,
                    Runtimes = rids is { Length: > 0 } ? rids : null,
                }, signingKey, DateTime.UtcNow);
                stdout.WriteLine($"bundled {signed.Manifest} into {parseResult.GetValue(output)}: {signed.Manifest.Files.Count} files, signed by '{signingKey.KeyId}'");
                return 0;
            }
            catch (Exception e) when (e is PluginSigningException or KeyFileException or CommandUsageException or IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"{errorPrefix}{displayName}: {e.Message}");
                return e is CommandUsageException ? BadUsage : Failed;
            }
        });
        return command;
    }
}

using System.CommandLine;
using Recorder.Host.Trust;

// recorder-sign bundle <build-output> --out <bundle> (--key <private.pem> | --dev-keys <dir> --trust <dir>) [manifest values]
// The options match `recorder plugin bundle`, plus the development-key mode the repository's own build uses.

var from = new Argument<string>("from") { Description = "The plugin's build output folder." };
var output = new Option<string>("--out") { Description = "Bundle folder to (re)create.", Required = true };
var key = new Option<string?>("--key") { Description = "Private key file." };
var devKeys = new Option<string?>("--dev-keys") { Description = "Folder of the development key; created with a new key on first use." };
var trust = new Option<string?>("--trust") { Description = "Development trust store to make trust the development key." };
var trustTemplate = new Option<string?>("--trust-template") { Description = "Shipped trust settings copied into the development trust store." };
var id = new Option<string?>("--id");
var version = new Option<string?>("--version");
var sequence = new Option<ulong?>("--sequence");
var kinds = new Option<string[]>("--kind") { AllowMultipleArgumentsPerToken = true };
var os = new Option<string[]>("--os") { AllowMultipleArgumentsPerToken = true };
var entry = new Option<string?>("--entry");
var runtimes = new Option<string[]>("--runtime") { AllowMultipleArgumentsPerToken = true };

var bundle = new Command("bundle", "Copy, sign and swap a plugin bundle into place.")
{
    from, output, key, devKeys, trust, trustTemplate, id, version, sequence, kinds, os, entry, runtimes,
};
bundle.SetAction(parseResult =>
{
    try
    {
        using var signingKey = parseResult.GetValue(key) is { } keyFile
            ? SigningKey.LoadPrivateKeyFile(keyFile)
            : parseResult.GetValue(devKeys) is { } devFolder && parseResult.GetValue(trust) is { } trustFolder
                ? DevelopmentKey.Ensure(devFolder, trustFolder, parseResult.GetValue(trustTemplate))
                : throw new PluginSigningException("give --key, or --dev-keys and --trust");

        var rids = parseResult.GetValue(runtimes);
        var signed = PluginBundler.Bundle(new PluginBundleOptions
        {
            SourceDirectory = parseResult.GetValue(from)!,
            BundleDirectory = parseResult.GetValue(output)!,
            Draft = new ManifestDraftOverrides
            {
                Id = parseResult.GetValue(id),
                Version = parseResult.GetValue(version),
                Sequence = parseResult.GetValue(sequence),
                Kinds = NameList.Parse<PluginKind>(parseResult.GetValue(kinds), "--kind", PluginKinds.TryParse),
                OperatingSystems = NameList.Parse<PluginOperatingSystem>(parseResult.GetValue(os), "--os", PluginOperatingSystems.TryParse),
                EntryAssembly = parseResult.GetValue(entry),
            },
            Runtimes = rids is { Length: > 0 } ? rids : null,
        }, signingKey, DateTime.UtcNow);
        Console.WriteLine($"recorder-sign: bundled {signed.Manifest} -> {parseResult.GetValue(output)} ({signed.Manifest.Files.Count} files, key '{signingKey.KeyId}')");
        return 0;
    }
    catch (Exception e) when (e is PluginSigningException or KeyFileException or FormatException or IOException or UnauthorizedAccessException)
    {
        // MSBuild shows "error :" lines as build errors.
        Console.Error.WriteLine($"error : recorder-sign: {e.Message}");
        return 1;
    }
});

var root = new RootCommand("Recorder build-time plugin signer.") { bundle };
return root.Parse(args).Invoke();

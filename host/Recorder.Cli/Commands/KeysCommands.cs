using System.CommandLine;
using Recorder.Trust;

namespace Recorder.Cli.Commands;

/// <summary>`recorder keys new`: makes a publisher signing key.</summary>
internal static class KeysCommands
{
    public static Command Create()
    {
        var command = new Command("keys", "Manage plugin signing keys.");
        command.Subcommands.Add(CreateNew());
        return command;
    }

    private static Command CreateNew()
    {
        var output = new Option<string>("--out") { Description = "Folder to write <key-id>.private.pem (mode 0600) and <key-id>.pem (public) into.", Required = true };
        var id = new Option<string?>("--id") { Description = "Key id (default: first 16 hex digits of the SHA-256 of the public key)." };
        var command = new Command("new", "Create an ECDSA P-256 signing key pair. Copy the public <key-id>.pem into the trust store's keys/ folder to trust it.")
        {
            output, id,
        };
        command.SetAction(parseResult =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            var folder = parseResult.GetValue(output)!;
            var keyId = parseResult.GetValue(id);
            if (keyId is not null && !ManifestRules.IsValidKeyId(keyId))
            {
                stderr.WriteLine($"recorder keys new: --id '{keyId}' is not a key id (lower-case letters, digits, '.', '_', '-'; at most 64)");
                return 2;
            }
            try
            {
                // A new key folder is private (0700); the private key file is private (0600) either way.
                PrivateFiles.CreateDirectory(folder);
                using var key = SigningKey.Generate(keyId);
                var privatePath = Path.Combine(folder, key.KeyId + ".private.pem");
                var publicPath = Path.Combine(folder, key.KeyId + ".pem");
                if (File.Exists(privatePath) || File.Exists(publicPath))
                {
                    stderr.WriteLine($"recorder keys new: {privatePath} or {publicPath} already exists; nothing written");
                    return 1;
                }
                key.WritePrivateKeyFile(privatePath);
                key.WritePublicKeyFile(publicPath);
                stdout.WriteLine($"key id:      {key.KeyId}");
                stdout.WriteLine($"private key: {privatePath} (keep it secret)");
                stdout.WriteLine($"public key:  {publicPath} (copy to <trust>/keys/{key.KeyId}.pem)");
                return 0;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"recorder keys new: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}

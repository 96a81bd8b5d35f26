using System.CommandLine;
using Recorder.Trust;

namespace Recorder.Cli.Commands;

/// <summary>
/// `recorder keys new` makes a publisher signing key; `recorder keys export` writes the public part of a private key
/// (for a trust store, with an optional scope); `recorder keys revoke` adds a key id to a trust store's revoked.txt.
/// </summary>
internal static class KeysCommands
{
    public static Command Create()
    {
        var command = new Command("keys", "Manage plugin signing keys.");
        command.Subcommands.Add(CreateNew());
        command.Subcommands.Add(CreateExport());
        command.Subcommands.Add(CreateRevoke());
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

    private static Command CreateExport()
    {
        var privateKey = new Argument<string>("private-key") { Description = "A private key file from `recorder keys new`." };
        var output = new Option<string>("--out") { Description = "Folder to write the public <key-id>.pem into (e.g. /etc/recorder/trust/keys).", Required = true };
        var scope = new Option<string[]>("--scope") { Description = "Plugin id globs the key may sign (e.g. 'acme.*'); none: any id.", AllowMultipleArgumentsPerToken = true };
        var command = new Command("export", "Write the public part of a private key as <key-id>.pem, ready for a trust store's keys/ folder.")
        {
            privateKey, output, scope,
        };
        command.SetAction(parseResult =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            try
            {
                using var key = SigningKey.LoadPrivateKeyFile(parseResult.GetValue(privateKey)!);
                var folder = parseResult.GetValue(output)!;
                Directory.CreateDirectory(folder);
                var publicPath = Path.Combine(folder, key.KeyId + ".pem");
                if (File.Exists(publicPath))
                {
                    stderr.WriteLine($"recorder keys export: {publicPath} already exists; nothing written");
                    return 1;
                }
                key.WritePublicKeyFile(publicPath, parseResult.GetValue(scope));
                stdout.WriteLine($"key id:      {key.KeyId}");
                stdout.WriteLine($"public key:  {publicPath}");
                return 0;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or KeyFileException)
            {
                stderr.WriteLine($"recorder keys export: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static Command CreateRevoke()
    {
        var keyId = new Argument<string>("key-id") { Description = "The key id to refuse from now on." };
        var trust = new Option<string>("--trust") { Description = "The trust store (installed: /etc/recorder/trust).", Required = true };
        var command = new Command("revoke", "Add a key id to the trust store's revoked.txt: every plugin it signed is refused at its next verification.")
        {
            keyId, trust,
        };
        command.SetAction(parseResult =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var stderr = parseResult.InvocationConfiguration.Error;
            var id = parseResult.GetValue(keyId)!;
            if (!ManifestRules.IsValidKeyId(id))
            {
                stderr.WriteLine($"recorder keys revoke: '{id}' is not a key id (lower-case letters, digits, '.', '_', '-'; at most 64)");
                return 2;
            }
            var revoked = Path.Combine(parseResult.GetValue(trust)!, "revoked.txt");
            try
            {
                var lines = File.Exists(revoked) ? File.ReadAllLines(revoked) : [];
                if (lines.Any(line => line.Trim() == id))
                {
                    stdout.WriteLine($"{id} is already revoked in {revoked}");
                    return 0;
                }
                File.AppendAllText(revoked, $"# revoked {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by `recorder keys revoke`\n{id}\n");
                stdout.WriteLine($"revoked {id} in {revoked}; plugins signed with it are refused from their next verification (start or reload)");
                return 0;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"recorder keys revoke: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}

namespace Recorder.Trust;

/// <summary>
/// The development signing key a fresh clone makes on its first build (<c>.dev-keys/</c>, never committed), and the
/// development trust store that trusts it (<c>artifacts/trust/</c>). Builds of several plugins run in parallel, so
/// creation happens under a lock file.
/// </summary>
public static class DevelopmentKey
{
    public const string PrivateKeyFileName = "development.private.pem";

    /// <summary>Loads the development key from <paramref name="keysDirectory"/>, creating it on first use, and makes sure
    /// <paramref name="trustDirectory"/> trusts it (and holds the shipped trust settings from <paramref name="trustTemplate"/>, if given).</summary>
    public static SigningKey Ensure(string keysDirectory, string trustDirectory, string? trustTemplate = null)
    {
        PrivateFiles.CreateDirectory(keysDirectory);
        using var _ = FileLock.Acquire(Path.Combine(keysDirectory, ".lock"));

        var privatePath = Path.Combine(keysDirectory, PrivateKeyFileName);
        SigningKey key;
        if (File.Exists(privatePath))
        {
            key = SigningKey.LoadPrivateKeyFile(privatePath);
        }
        else
        {
            key = SigningKey.Generate();
            key.WritePrivateKeyFile(privatePath);
        }

        var trustKeys = Path.Combine(trustDirectory, TrustStoreLayout.KeysFolderName);
        Directory.CreateDirectory(trustKeys);
        if (trustTemplate is not null && Directory.Exists(trustTemplate)) CopyTemplate(trustTemplate, trustDirectory);
        var revoked = Path.Combine(trustDirectory, TrustStoreLayout.RevokedFileName);
        if (!File.Exists(revoked)) File.WriteAllText(revoked, "# Revoked publisher key ids, one per line.\n");

        var publicText = key.PublicKeyFileText();
        var publicPath = Path.Combine(trustKeys, key.KeyId + ".pem");
        if (!File.Exists(publicPath) || File.ReadAllText(publicPath) != publicText) Replace(publicPath, publicText);
        return key;
    }

    private static void CopyTemplate(string template, string trustDirectory)
    {
        var revoked = Path.Combine(template, TrustStoreLayout.RevokedFileName);
        if (File.Exists(revoked)) Replace(Path.Combine(trustDirectory, TrustStoreLayout.RevokedFileName), File.ReadAllText(revoked));
        var keys = Path.Combine(template, TrustStoreLayout.KeysFolderName);
        if (!Directory.Exists(keys)) return;
        foreach (var file in Directory.GetFiles(keys, "*.pem"))
            Replace(Path.Combine(trustDirectory, TrustStoreLayout.KeysFolderName, Path.GetFileName(file)), File.ReadAllText(file));
    }

    /// <summary>Writes a dot-named temporary file (which the trust store skips) and renames it over the target, so a
    /// host loading the trust store meanwhile never reads half a file.</summary>
    private static void Replace(string path, string text)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.tmp");
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }
}

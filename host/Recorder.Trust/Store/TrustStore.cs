namespace Recorder.Trust;

/// <summary>
/// The publisher keys the host trusts and the key ids it has revoked. Lives in a host-owned folder outside every
/// plugin folder (see <see cref="TrustStoreLayout"/>); loading refuses anything it does not understand, naming the
/// file and line, rather than guessing.
/// </summary>
public sealed class TrustStore
{
    private readonly Dictionary<string, TrustedKey> _keys;
    private readonly HashSet<string> _revoked;

    private TrustStore(string? directory, Dictionary<string, TrustedKey> keys, HashSet<string> revoked)
    {
        Directory = directory;
        _keys = keys;
        _revoked = revoked;
    }

    /// <summary>The folder it was loaded from, or null when built in memory.</summary>
    public string? Directory { get; }

    public IReadOnlyDictionary<string, TrustedKey> Keys => _keys;
    public IReadOnlySet<string> RevokedKeyIds => _revoked;

    public bool IsRevoked(string keyId) => _revoked.Contains(keyId);

    public TrustedKey? Find(string keyId) => _keys.GetValueOrDefault(keyId);

    /// <summary>Loads a trust store folder, requiring it to be owned by root (or this process's user) and not writable by others.</summary>
    /// <exception cref="TrustStoreException">The folder or one of its files cannot be used; the message names it.</exception>
    public static TrustStore Load(string directory) => Load(directory, requireSafePermissions: true);

    public static TrustStore Load(string directory, bool requireSafePermissions)
    {
        var root = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(root)) throw new TrustStoreException($"{root}: trust store folder does not exist");
        if (requireSafePermissions && PluginFileSystem.Current.CheckDirectoryChain(root) is { } unsafeRoot)
            throw new TrustStoreException($"trust store is not safe: {unsafeRoot.Message}");

        var keys = new Dictionary<string, TrustedKey>(StringComparer.Ordinal);
        var keysFolder = Path.Combine(root, TrustStoreLayout.KeysFolderName);
        if (System.IO.Directory.Exists(keysFolder))
        {
            if (requireSafePermissions && PluginFileSystem.Current.CheckEntry(keysFolder) is { } unsafeKeys)
                throw new TrustStoreException($"trust store is not safe: {unsafeKeys.Message}");
            foreach (var entry in new DirectoryInfo(keysFolder).EnumerateFileSystemInfos())
            {
                if (entry.Name.StartsWith('.')) continue;
                if (entry is DirectoryInfo || !entry.Name.EndsWith(".pem", StringComparison.Ordinal))
                    throw new TrustStoreException($"{entry.FullName}: unexpected entry; {TrustStoreLayout.KeysFolderName}/ holds only <key-id>.pem files");
                if (requireSafePermissions && PluginFileSystem.Current.CheckEntry(entry.FullName) is { } unsafeFile)
                    throw new TrustStoreException($"trust store is not safe: {unsafeFile.Message}");
                var key = ReadKey(entry.FullName);
                keys.Add(key.KeyId, key);
            }
        }

        var revoked = new HashSet<string>(StringComparer.Ordinal);
        var revokedFile = Path.Combine(root, TrustStoreLayout.RevokedFileName);
        if (File.Exists(revokedFile))
        {
            if (requireSafePermissions && PluginFileSystem.Current.CheckEntry(revokedFile) is { } unsafeRevoked)
                throw new TrustStoreException($"trust store is not safe: {unsafeRevoked.Message}");
            ReadRevoked(revokedFile, revoked);
        }
        return new TrustStore(root, keys, revoked);
    }

    /// <summary>A trust store in memory (tests, embedding).</summary>
    public static TrustStore Create(IEnumerable<TrustedKey> keys, IEnumerable<string>? revokedKeyIds = null)
    {
        var map = new Dictionary<string, TrustedKey>(StringComparer.Ordinal);
        foreach (var key in keys) map.Add(key.KeyId, key);
        return new TrustStore(null, map, new HashSet<string>(revokedKeyIds ?? [], StringComparer.Ordinal));
    }

    private static TrustedKey ReadKey(string path)
    {
        var keyId = Path.GetFileNameWithoutExtension(path);
        if (!ManifestRules.IsValidKeyId(keyId))
            throw new TrustStoreException($"{path}: '{keyId}' is not a key id; name the file <key-id>.pem (lower-case letters, digits, '.', '_', '-')");
        try
        {
            var file = KeyFile.Read(path);
            if (file.Label != "PUBLIC KEY")
                throw new TrustStoreException(file.Label.Contains("PRIVATE", StringComparison.Ordinal)
                    ? $"{path}: holds a private key; only public keys belong in a trust store (and this one should now be considered exposed)"
                    : $"{path}: holds a '{file.Label}'; expected a 'PUBLIC KEY'");

            var scope = new List<string>();
            foreach (var header in file.Headers)
            {
                switch (header.Name)
                {
                    case "key-id" when header.Value != keyId:
                        throw new TrustStoreException($"{path}:{header.Line}: key-id '{header.Value}' does not match the file name '{keyId}.pem'");
                    case "key-id":
                        break;
                    case "scope":
                        foreach (var glob in header.Value.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries))
                        {
                            if (!IsScopeGlob(glob))
                                throw new TrustStoreException($"{path}:{header.Line}: scope '{glob}' is not a plugin id glob (lower-case letters, digits, '.', '-', '*', '?')");
                            scope.Add(glob);
                        }
                        break;
                    default:
                        throw new TrustStoreException($"{path}:{header.Line}: unknown header '{header.Name}'; known: key-id, scope");
                }
            }

            using var key = file.ImportP256();
            return new TrustedKey(keyId, key.ExportSubjectPublicKeyInfo(), scope, path);
        }
        catch (KeyFileException e)
        {
            throw new TrustStoreException(e.Message, e);
        }
    }

    private static void ReadRevoked(string path, HashSet<string> revoked)
    {
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var hash = raw.IndexOf('#');
            var line = (hash >= 0 ? raw[..hash] : raw).Trim();
            if (line.Length == 0) continue;
            if (!ManifestRules.IsValidKeyId(line))
                throw new TrustStoreException($"{path}:{lineNumber}: '{line}' is not a key id");
            revoked.Add(line);
        }
    }

    private static bool IsScopeGlob(string glob)
    {
        foreach (var c in glob)
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-' or '*' or '?')) return false;
        return glob.Length > 0;
    }
}

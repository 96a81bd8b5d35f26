using System.Security.Cryptography;
using System.Text;

namespace Recorder.Trust;

/// <summary>A publisher's ECDSA P-256 key pair with its key id.</summary>
public sealed class SigningKey : IDisposable
{
    private const string P256Oid = "1.2.840.10045.3.1.7";

    public SigningKey(string keyId, ECDsa key)
    {
        if (!ManifestRules.IsValidKeyId(keyId))
            throw new ArgumentException($"'{keyId}' is not a key id (lower-case letters, digits, '.', '_', '-'; at most 64)", nameof(keyId));
        KeyId = keyId;
        Key = key;
    }

    public string KeyId { get; }
    public ECDsa Key { get; }

    /// <summary>Makes a new P-256 key; its id is <paramref name="keyId"/> or else <see cref="ComputeKeyId"/>.</summary>
    public static SigningKey Generate(string? keyId = null)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new SigningKey(keyId ?? ComputeKeyId(key), key);
    }

    /// <summary>The default key id: the first 16 hex digits of the SHA-256 of the SubjectPublicKeyInfo.</summary>
    public static string ComputeKeyId(ECDsa key) =>
        Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16];

    /// <summary>True for a key on NIST P-256 (secp256r1), the only curve <c>ecdsa-p256-sha256</c> allows.</summary>
    public static bool IsP256(ECDsa key)
    {
        if (key.KeySize != 256) return false;
        var oid = key.ExportParameters(false).Curve.Oid;
        return oid?.Value == P256Oid || oid?.FriendlyName is "nistP256" or "ECDSA_P256";
    }

    /// <summary>Loads a private key file written by <see cref="WritePrivateKeyFile"/> (or any PKCS#8/SEC1 P-256 PEM,
    /// whose key id is then computed from the public key).</summary>
    public static SigningKey LoadPrivateKeyFile(string path)
    {
        var file = KeyFile.Read(path);
        if (file.Label is not ("PRIVATE KEY" or "EC PRIVATE KEY"))
            throw new KeyFileException(path, null, $"holds a '{file.Label}', not an unencrypted private key");
        var key = file.ImportP256();
        var keyId = file.SingleHeader("key-id") ?? ComputeKeyId(key);
        if (!ManifestRules.IsValidKeyId(keyId))
        {
            key.Dispose();
            throw new KeyFileException(path, null, $"key-id '{keyId}' is not a key id (lower-case letters, digits, '.', '_', '-')");
        }
        return new SigningKey(keyId, key);
    }

    /// <summary>Writes the private key, readable by its owner only (0600); refuses to overwrite.</summary>
    public void WritePrivateKeyFile(string path)
    {
        var text = $"# Recorder plugin signing key. Keep it secret: whoever holds it can sign plugins.\nkey-id: {KeyId}\n{Key.ExportPkcs8PrivateKeyPem()}\n";
        using var stream = PrivateFiles.Create(path);
        stream.Write(Encoding.ASCII.GetBytes(text));
    }

    /// <summary>The public key file, ready to copy into a trust store's <c>keys/</c> folder as <c>&lt;key-id&gt;.pem</c>.</summary>
    public string PublicKeyFileText(IReadOnlyList<string>? scope = null)
    {
        var builder = new StringBuilder();
        builder.Append("# Recorder plugin publisher key. To trust it, copy this file to <trust>/keys/").Append(KeyId).Append(".pem\n");
        builder.Append("key-id: ").Append(KeyId).Append('\n');
        if (scope is { Count: > 0 }) builder.Append("scope: ").Append(string.Join(", ", scope)).Append('\n');
        builder.Append(Key.ExportSubjectPublicKeyInfoPem()).Append('\n');
        return builder.ToString();
    }

    public void WritePublicKeyFile(string path, IReadOnlyList<string>? scope = null)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        stream.Write(Encoding.ASCII.GetBytes(PublicKeyFileText(scope)));
    }

    public void Dispose() => Key.Dispose();
}

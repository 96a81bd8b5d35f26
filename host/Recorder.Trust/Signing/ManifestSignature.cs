using System.Security.Cryptography;
using System.Text;

namespace Recorder.Trust;

/// <summary>
/// The detached signature over a manifest: ECDSA P-256 with SHA-256 over
/// <c>"recorder-plugin-manifest-v1\0" + the exact manifest bytes</c>. The prefix (domain separation) keeps a
/// signature made for anything else with the same key from ever passing as a manifest signature, and signing the
/// exact bytes means nobody needs canonical JSON. <c>manifest.sig</c> holds the DER signature in base64 on one line,
/// so <c>openssl dgst -sha256 -verify</c> can check it too.
/// </summary>
public static class ManifestSignature
{
    public static ReadOnlySpan<byte> DomainPrefix => "recorder-plugin-manifest-v1\0"u8;

    public static byte[] Sign(ReadOnlySpan<byte> manifest, ECDsa privateKey) =>
        privateKey.SignHash(Digest(manifest), DSASignatureFormat.Rfc3279DerSequence);

    public static bool Verify(ReadOnlySpan<byte> manifest, ReadOnlySpan<byte> derSignature, ECDsa publicKey)
    {
        try
        {
            return publicKey.VerifyHash(Digest(manifest), derSignature, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>The text of <c>manifest.sig</c>.</summary>
    public static byte[] EncodeFile(byte[] derSignature) => Encoding.ASCII.GetBytes(Convert.ToBase64String(derSignature) + "\n");

    /// <summary>Decodes <c>manifest.sig</c>; false when it is not base64 of a plausible signature.</summary>
    public static bool TryDecodeFile(ReadOnlySpan<byte> fileBytes, out byte[] derSignature)
    {
        derSignature = [];
        if (fileBytes.Length > ManifestRules.MaxSignatureBytes) return false;
        var text = Encoding.ASCII.GetString(fileBytes).Trim();
        var buffer = new byte[text.Length];
        if (text.Length == 0 || !Convert.TryFromBase64String(text, buffer, out var written)) return false;
        derSignature = buffer[..written];
        return true;
    }

    private static byte[] Digest(ReadOnlySpan<byte> manifest)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(DomainPrefix);
        hash.AppendData(manifest);
        return hash.GetHashAndReset();
    }
}

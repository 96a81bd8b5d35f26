namespace Recorder.Trust;

/// <summary>
/// The trust store folder: <c>keys/&lt;key-id&gt;.pem</c> (one trusted publisher key per file, with an optional
/// <c>scope:</c> header) and <c>revoked.txt</c> (one revoked key id per line).
/// </summary>
public static class TrustStoreLayout
{
    public const string KeysFolderName = "keys";
    public const string RevokedFileName = "revoked.txt";
}

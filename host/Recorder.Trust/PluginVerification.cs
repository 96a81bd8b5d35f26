namespace Recorder.Trust;

/// <summary>
/// The verdict on a plugin folder. When refused, <see cref="Reason"/> says which check failed and
/// <see cref="Message"/> names the file or field; <see cref="Manifest"/> is set whenever the manifest could be parsed
/// (even if refused: it is then untrusted, for display only).
/// </summary>
public sealed record PluginVerification(bool Accepted, PluginManifest? Manifest, PluginRefusalReason? Reason, string Message)
{
    internal static PluginVerification Refuse(PluginRefusalReason reason, string message, PluginManifest? manifest = null) =>
        new(false, manifest, reason, message);

    public override string ToString() => Accepted ? Message : $"{Reason!.Value.ToCode()}: {Message}";
}

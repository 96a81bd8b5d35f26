namespace Recorder.Trust;

/// <summary>Why a plugin folder was refused. Each has a stable kebab-case code (<see cref="PluginRefusalReasons.ToCode"/>) for logs and status.</summary>
public enum PluginRefusalReason
{
    /// <summary>The plugin folder does not exist or is not a folder.</summary>
    FolderMissing,
    /// <summary>No <c>manifest.json</c>.</summary>
    ManifestMissing,
    /// <summary><c>manifest.json</c> is too large, not JSON, or a field is missing or wrong.</summary>
    ManifestInvalid,
    /// <summary>A listed path is absolute, holds <c>..</c>, a backslash or a drive.</summary>
    PathEscapesFolder,
    /// <summary>No <c>manifest.sig</c>.</summary>
    SignatureMissing,
    /// <summary>The signature does not verify with the named key (or cannot be decoded).</summary>
    BadSignature,
    /// <summary>The manifest names a signature algorithm this host does not implement.</summary>
    UnsupportedAlgorithm,
    /// <summary>The key id is not in the trust store.</summary>
    UnknownKey,
    /// <summary>The key id is revoked.</summary>
    RevokedKey,
    /// <summary>The key's scope does not cover this plugin id.</summary>
    KeyNotAllowedForId,
    /// <summary>The plugin does not run on this operating system.</summary>
    WrongOperatingSystem,
    /// <summary>The plugin was built against newer contracts than the host's.</summary>
    ContractsTooNew,
    /// <summary>The plugin was built against an older major version of the contracts (a breaking change lies between).</summary>
    ContractsIncompatible,
    /// <summary>The sequence is lower than one already accepted for this id.</summary>
    Rollback,
    /// <summary>The sequence equals the accepted one but the manifest differs.</summary>
    SequenceReused,
    /// <summary>A listed file is not in the folder.</summary>
    FileMissing,
    /// <summary>A file's size or SHA-256 differs from the manifest.</summary>
    FileMismatch,
    /// <summary>A file is in the folder but not in the manifest.</summary>
    UnlistedFile,
    /// <summary>A symbolic link in the folder (or the folder itself).</summary>
    SymlinkFound,
    /// <summary>A fifo, socket or device in the folder.</summary>
    SpecialFile,
    /// <summary>The folder, a folder above it or a file in it is owned by a user other than root.</summary>
    UnsafeOwner,
    /// <summary>The folder, a folder above it or a file in it is writable by group or others.</summary>
    UnsafePermissions,
    /// <summary>The folder or a file in it could not be read (it changed during the check, or permissions).</summary>
    Unreadable,
    /// <summary>Copying to the staging folder failed (disk, permissions, or the source changed while copying).</summary>
    StagingFailed,
}

/// <summary>Stable codes of <see cref="PluginRefusalReason"/>.</summary>
public static class PluginRefusalReasons
{
    public static string ToCode(this PluginRefusalReason reason) => reason switch
    {
        PluginRefusalReason.FolderMissing => "folder-missing",
        PluginRefusalReason.ManifestMissing => "manifest-missing",
        PluginRefusalReason.ManifestInvalid => "manifest-invalid",
        PluginRefusalReason.PathEscapesFolder => "path-escapes-folder",
        PluginRefusalReason.SignatureMissing => "signature-missing",
        PluginRefusalReason.BadSignature => "bad-signature",
        PluginRefusalReason.UnsupportedAlgorithm => "unsupported-algorithm",
        PluginRefusalReason.UnknownKey => "unknown-key",
        PluginRefusalReason.RevokedKey => "revoked-key",
        PluginRefusalReason.KeyNotAllowedForId => "key-not-allowed-for-id",
        PluginRefusalReason.WrongOperatingSystem => "wrong-os",
        PluginRefusalReason.ContractsTooNew => "contracts-too-new",
        PluginRefusalReason.ContractsIncompatible => "contracts-incompatible",
        PluginRefusalReason.Rollback => "rollback",
        PluginRefusalReason.SequenceReused => "sequence-reused",
        PluginRefusalReason.FileMissing => "file-missing",
        PluginRefusalReason.FileMismatch => "file-mismatch",
        PluginRefusalReason.UnlistedFile => "unlisted-file",
        PluginRefusalReason.SymlinkFound => "symlink",
        PluginRefusalReason.SpecialFile => "special-file",
        PluginRefusalReason.UnsafeOwner => "unsafe-owner",
        PluginRefusalReason.UnsafePermissions => "unsafe-permissions",
        PluginRefusalReason.Unreadable => "unreadable",
        PluginRefusalReason.StagingFailed => "staging-failed",
        _ => reason.ToString(),
    };
}

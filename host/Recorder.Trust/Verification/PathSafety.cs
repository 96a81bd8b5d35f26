namespace Recorder.Trust;

/// <summary>Why a path is unsafe to trust.</summary>
internal readonly record struct SafetyProblem(PluginRefusalReason Reason, string Message);

/// <summary>
/// Who could change what the host is about to trust. A path is safe when it is owned by root (or by the user the host
/// runs as, who could change the host itself anyway) and not writable by group or others; every folder above it must
/// be safe too, except that a sticky folder such as /tmp may be world-writable because others cannot rename what
/// they do not own in it.
/// </summary>
internal static class PathSafety
{
    /// <summary>Checks one file or folder (not following a final symlink).</summary>
    public static SafetyProblem? CheckEntry(string path)
    {
        if (OperatingSystem.IsWindows()) return null; // Windows ACL checks come with the Windows host.
        var status = UnixFileStatus.Lstat(path);
        return CheckOwner(path, status) ?? (status.WritableByGroupOrOthers
            ? new SafetyProblem(PluginRefusalReason.UnsafePermissions, $"{path}: is writable by group or others (mode {status.OctalPermissions}); only its owner may write it")
            : null);
    }

    /// <summary>Checks a folder and every folder above it, up to the file system root.</summary>
    public static SafetyProblem? CheckDirectoryChain(string directory)
    {
        if (OperatingSystem.IsWindows()) return null;
        if (CheckEntry(directory) is { } own) return own;
        var current = Path.GetDirectoryName(UnixFileStatus.RealPath(directory));
        while (current is not null)
        {
            var status = UnixFileStatus.Lstat(current);
            if (CheckOwner(current, status) is { } owner) return owner;
            if (status.WritableByGroupOrOthers && !status.IsSticky)
                return new SafetyProblem(PluginRefusalReason.UnsafePermissions,
                    $"{current}: a folder above it is writable by group or others (mode {status.OctalPermissions}), so its content could be swapped");
            current = Path.GetDirectoryName(current);
        }
        return null;
    }

    private static SafetyProblem? CheckOwner(string path, UnixFileStatus status)
    {
        if (status.Uid == 0 || status.Uid == UnixFileStatus.EffectiveUserId) return null;
        return new SafetyProblem(PluginRefusalReason.UnsafeOwner,
            $"{path}: is owned by uid {status.Uid}; it must be owned by root");
    }
}

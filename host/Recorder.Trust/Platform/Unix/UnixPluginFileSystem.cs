using System.Runtime.Versioning;

namespace Recorder.Trust;

/// <summary>
/// Linux and macOS: a path is safe when it is owned by root (or by the user the host runs as, who could change the host
/// itself anyway) and not writable by group or others; every folder above it must be safe too, except that a sticky
/// folder such as /tmp may be world-writable because others cannot rename what they do not own in it. Private files
/// are created 0600 and folders 0700.
/// </summary>
[SupportedOSPlatform("linux")]
[SupportedOSPlatform("macos")]
internal sealed class UnixPluginFileSystem : IPluginFileSystem
{
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerDirectory = OwnerFile | UnixFileMode.UserExecute;

    public FileEntryKind KindOf(string path)
    {
        var status = UnixFileStatus.Lstat(path);
        if (status.IsSymbolicLink) return FileEntryKind.Link;
        if (status.IsDirectory) return FileEntryKind.Directory;
        return status.IsRegularFile ? FileEntryKind.RegularFile : FileEntryKind.Special;
    }

    public SafetyProblem? CheckEntry(string path)
    {
        var status = UnixFileStatus.Lstat(path);
        return CheckOwner(path, status) ?? (status.WritableByGroupOrOthers
            ? new SafetyProblem(PluginRefusalReason.UnsafePermissions, $"{path}: is writable by group or others (mode {status.OctalPermissions}); only its owner may write it")
            : null);
    }

    public SafetyProblem? CheckDirectoryChain(string directory)
    {
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

    public FileStream CreatePrivateFile(string path, FileMode mode = FileMode.CreateNew) =>
        new(path, new FileStreamOptions { Mode = mode, Access = FileAccess.Write, UnixCreateMode = OwnerFile });

    public void CreatePrivateDirectory(string path) => Directory.CreateDirectory(path, OwnerDirectory);

    private static SafetyProblem? CheckOwner(string path, UnixFileStatus status)
    {
        if (status.Uid == 0 || status.Uid == UnixFileStatus.EffectiveUserId) return null;
        return new SafetyProblem(PluginRefusalReason.UnsafeOwner,
            $"{path}: is owned by uid {status.Uid}; it must be owned by root");
    }
}

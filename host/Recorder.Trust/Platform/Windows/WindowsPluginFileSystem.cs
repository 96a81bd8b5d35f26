using System.Runtime.Versioning;
using System.Security.AccessControl;
using System.Security.Principal;

namespace Recorder.Trust;

/// <summary>
/// Windows: a path is safe when its owner is Administrators, SYSTEM, TrustedInstaller (Windows' own folders) or the
/// account the host runs as, and no allow entry of its ACL gives anyone else a right to change it. Folders above it may
/// let others add entries (C:\ lets every user create folders) but not delete, rename or re-permission what is in them.
/// Private files and folders get a protected ACL (no inherited entries) granting only Administrators, SYSTEM and the
/// host's account.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class WindowsPluginFileSystem : IPluginFileSystem
{
    /// <summary>Rights that change an entry's content, name, ACL or owner.</summary>
    private const FileSystemRights ChangeRights = FileSystemRights.WriteData | FileSystemRights.AppendData
        | FileSystemRights.WriteAttributes | FileSystemRights.WriteExtendedAttributes | FileSystemRights.Delete
        | FileSystemRights.DeleteSubdirectoriesAndFiles | FileSystemRights.ChangePermissions | FileSystemRights.TakeOwnership;

    /// <summary>Rights on a folder above that let someone swap what is inside (adding new entries does not).</summary>
    private const FileSystemRights SwapRights = FileSystemRights.Delete | FileSystemRights.DeleteSubdirectoriesAndFiles
        | FileSystemRights.ChangePermissions | FileSystemRights.TakeOwnership;

    private static readonly SecurityIdentifier Administrators = new(WellKnownSidType.BuiltinAdministratorsSid, null);
    private static readonly SecurityIdentifier LocalSystem = new(WellKnownSidType.LocalSystemSid, null);
    private static readonly SecurityIdentifier TrustedInstaller = new("S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464");
    private static readonly SecurityIdentifier CreatorOwner = new(WellKnownSidType.CreatorOwnerSid, null);
    private static readonly SecurityIdentifier? HostAccount = WindowsIdentity.GetCurrent().User;

    public FileEntryKind KindOf(string path)
    {
        var attributes = File.GetAttributes(path); // of the entry itself: reparse points are not followed
        if ((attributes & FileAttributes.ReparsePoint) != 0) return FileEntryKind.Link;
        if ((attributes & FileAttributes.Directory) != 0) return FileEntryKind.Directory;
        return (attributes & FileAttributes.Device) != 0 ? FileEntryKind.Special : FileEntryKind.RegularFile;
    }

    public SafetyProblem? CheckEntry(string path) => Check(path, ChangeRights, "may change it");

    public SafetyProblem? CheckDirectoryChain(string directory)
    {
        if (CheckEntry(directory) is { } own) return own;
        for (var current = Path.GetDirectoryName(Path.GetFullPath(directory)); current is not null; current = Path.GetDirectoryName(current))
            if (Check(current, SwapRights, "may delete or rename what is in a folder above it, so its content could be swapped") is { } above) return above;
        return null;
    }

    public FileStream CreatePrivateFile(string path, FileMode mode = FileMode.CreateNew)
    {
        var security = new FileSecurity();
        Restrict(security);
        return new FileInfo(path).Create(mode, FileSystemRights.Write | FileSystemRights.Read, FileShare.Read, 4096, FileOptions.None, security);
    }

    public void CreatePrivateDirectory(string path)
    {
        var security = new DirectorySecurity();
        Restrict(security);
        new DirectoryInfo(path).Create(security);
    }

    private static SafetyProblem? Check(string path, FileSystemRights dangerous, string consequence)
    {
        FileSystemSecurity security = Directory.Exists(path) ? new DirectoryInfo(path).GetAccessControl() : new FileInfo(path).GetAccessControl();
        if (security.GetOwner(typeof(SecurityIdentifier)) is not SecurityIdentifier owner || !IsTrusted(owner))
            return new SafetyProblem(PluginRefusalReason.UnsafeOwner,
                $"{path}: is owned by {Describe(security.GetOwner(typeof(SecurityIdentifier)))}; it must be owned by Administrators or SYSTEM");
        foreach (FileSystemAccessRule rule in security.GetAccessRules(includeExplicit: true, includeInherited: true, typeof(SecurityIdentifier)))
        {
            if (rule.AccessControlType != AccessControlType.Allow) continue;
            if ((rule.PropagationFlags & PropagationFlags.InheritOnly) != 0) continue; // applies to children, not to this entry
            if ((rule.FileSystemRights & dangerous) == 0) continue;
            if (rule.IdentityReference is SecurityIdentifier who && (IsTrusted(who) || who == CreatorOwner)) continue;
            return new SafetyProblem(PluginRefusalReason.UnsafePermissions,
                $"{path}: {Describe(rule.IdentityReference)} {consequence} (ACL grants {rule.FileSystemRights}); only Administrators and SYSTEM may");
        }
        return null;
    }

    private static bool IsTrusted(SecurityIdentifier sid) =>
        sid == Administrators || sid == LocalSystem || sid == TrustedInstaller || sid == HostAccount;

    private static string Describe(IdentityReference? identity)
    {
        if (identity is null) return "nobody";
        try
        {
            return $"{identity.Translate(typeof(NTAccount))} ({identity})";
        }
        catch (IdentityNotMappedException)
        {
            return identity.Value;
        }
    }

    private static void Restrict(FileSystemSecurity security)
    {
        security.SetAccessRuleProtection(isProtected: true, preserveInheritance: false);
        foreach (var sid in new[] { Administrators, LocalSystem, HostAccount })
        {
            if (sid is null) continue;
            security.AddAccessRule(security is DirectorySecurity
                ? new FileSystemAccessRule(sid, FileSystemRights.FullControl, InheritanceFlags.ContainerInherit | InheritanceFlags.ObjectInherit, PropagationFlags.None, AccessControlType.Allow)
                : new FileSystemAccessRule(sid, FileSystemRights.FullControl, AccessControlType.Allow));
        }
    }
}

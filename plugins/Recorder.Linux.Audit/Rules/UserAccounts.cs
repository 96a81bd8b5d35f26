using System.Runtime.InteropServices;

namespace Recorder.Linux.Audit.Rules;

/// <summary>User and group names to ids through libc (getpwnam/getgrnam), so NSS sources count as they do for auditctl.</summary>
internal static partial class UserAccounts
{
    // getpwnam/getgrnam return a static buffer: one caller at a time.
    private static readonly Lock Gate = new();

    public static uint? TryGetUserId(string name)
    {
        if (!OperatingSystem.IsLinux()) return null;
        lock (Gate)
        {
            var entry = getpwnam(name);
            // struct passwd { char *pw_name; char *pw_passwd; uid_t pw_uid; ... }
            return entry == IntPtr.Zero ? null : (uint)Marshal.ReadInt32(entry, 2 * IntPtr.Size);
        }
    }

    public static uint? TryGetGroupId(string name)
    {
        if (!OperatingSystem.IsLinux()) return null;
        lock (Gate)
        {
            var entry = getgrnam(name);
            // struct group { char *gr_name; char *gr_passwd; gid_t gr_gid; ... }
            return entry == IntPtr.Zero ? null : (uint)Marshal.ReadInt32(entry, 2 * IntPtr.Size);
        }
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr getpwnam(string name);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr getgrnam(string name);
}

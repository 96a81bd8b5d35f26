using System.Runtime.InteropServices;
using Recorder.Plugins.Enrichers.Process.Linux;

namespace Recorder.Plugins.Enrichers.Process.Users;

/// <summary>
/// User and group names through the C library's name service switch (<c>getpwuid_r</c>, <c>getgrgid_r</c>), so users
/// of LDAP, SSSD or any other NSS source get names, not only those in <c>/etc/passwd</c>. Each call may read files or
/// ask a directory server: callers cache the answers.
/// </summary>
internal static unsafe class NssUsers
{
    private const int ERANGE = 34;
    private const int MaxBuffer = 1 << 20;

    /// <summary>The name of user <paramref name="uid"/>, or null when no source knows it.</summary>
    public static string? UserName(long uid)
    {
        if (uid is < 0 or >= uint.MaxValue) return null;
        return Lookup((buffer, size) =>
        {
            Passwd entry;
            Passwd* result = null;
            var error = LibC.getpwuid_r((uint)uid, &entry, buffer, size, &result);
            return (error, result == null ? null : Marshal.PtrToStringUTF8((nint)result->Name));
        });
    }

    /// <summary>The name of group <paramref name="gid"/>, or null when no source knows it.</summary>
    public static string? GroupName(long gid)
    {
        if (gid is < 0 or >= uint.MaxValue) return null;
        return Lookup((buffer, size) =>
        {
            Group entry;
            Group* result = null;
            var error = LibC.getgrgid_r((uint)gid, &entry, buffer, size, &result);
            return (error, result == null ? null : Marshal.PtrToStringUTF8((nint)result->Name));
        });
    }

    private delegate (int Error, string? Name) Call(byte* buffer, nuint size);

    /// <summary>Calls with a growing buffer until it is large enough (ERANGE), up to 1 MiB.</summary>
    private static string? Lookup(Call call)
    {
        for (var size = 1024; size <= MaxBuffer; size *= 4)
        {
            var buffer = new byte[size];
            fixed (byte* b = buffer)
            {
                var (error, name) = call(b, (nuint)size);
                if (error == ERANGE) continue;
                return error == 0 ? name : null;
            }
        }
        return null;
    }
}

/// <summary><c>struct passwd</c>: only the name (its first member) is read.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct Passwd
{
    public byte* Name;
    public byte* Password;
    public uint Uid;
    public uint Gid;
    public byte* Gecos;
    public byte* Directory;
    public byte* Shell;
}

/// <summary><c>struct group</c>: only the name (its first member) is read.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct Group
{
    public byte* Name;
    public byte* Password;
    public uint Gid;
    public byte** Members;
}

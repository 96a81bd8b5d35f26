namespace Recorder.Plugins.Collectors.MacOS.Bsm;

/// <summary>
/// The BSM event numbers the mapping turns into events (from OpenBSM's audit_event; Darwin's numbering), grouped
/// by what they become.
/// </summary>
internal static class BsmEventNumbers
{
    public const ushort Exit = 1;
    public const ushort Fork = 2;
    public const ushort VFork = 25;
    public const ushort Exec = 7;
    public const ushort Execve = 23;
    public const ushort MacExecve = 43131;
    public const ushort Fexecve = 43144;
    public const ushort PosixSpawn = 43190;

    public const ushort Rename = 42;
    public const ushort RenameAt = 282;
    public const ushort Connect = 32;
    public const ushort ConnectAt = 43208;
    public const ushort Accept = 33;
    public const ushort Bind = 34;
    public const ushort BindAt = 43207;
    public const ushort ModLoad = 243;

    public const ushort Su = 6159;
    public const ushort Sudo = 45028;

    public static readonly HashSet<ushort> Execs = [Exec, Execve, MacExecve, Fexecve, PosixSpawn];
    public static readonly HashSet<ushort> Forks = [Fork, VFork];

    /// <summary>creat, link, symlink, mkdir(at), mknod, and every open variant with O_CREAT.</summary>
    public static readonly HashSet<ushort> FileCreates =
    [
        4, 5, 9, 21, 47, 43148,
        73, 75, 77, 79, 81, 83,
        271, 273, 275, 277, 279, 281,
        43171, 43173, 43175, 43177, 43179, 43181,
    ];

    /// <summary>open variants for writing or truncating without O_CREAT, truncate, ftruncate.</summary>
    public static readonly HashSet<ushort> FileWrites =
    [
        43, 44,
        74, 76, 78, 80, 82,
        272, 274, 276, 278, 280,
        43172, 43174, 43176, 43178, 43180,
    ];

    /// <summary>open variants for reading only.</summary>
    public static readonly HashSet<ushort> FileReads = [72, 270, 43170];

    /// <summary>unlink, unlinkat, rmdir.</summary>
    public static readonly HashSet<ushort> FileDeletes = [6, 286, 48];

    /// <summary>login (local, telnet, rlogin), OpenSSH, loginwindow.</summary>
    public static readonly Dictionary<ushort, string> Logins = new()
    {
        [6152] = "login", [6154] = "telnet", [6155] = "rlogin", [32800] = "sshd", [45021] = "loginwindow",
    };

    /// <summary>logout (local), loginwindow logout (both numbers Darwin has used).</summary>
    public static readonly Dictionary<ushort, string> Logouts = new()
    {
        [6153] = "logout", [45022] = "loginwindow", [6601] = "loginwindow",
    };

    /// <summary>user authentication (OpenDirectory), the Security Server's authorisation engine and mechanisms.</summary>
    public static readonly Dictionary<ushort, string> Authentications = new()
    {
        [45023] = "auth_user", [45025] = "ssauthorize", [45026] = "ssauthint", [45030] = "ssauthmech",
    };
}

namespace Recorder.Plugins.Enrichers.Process.Users;

/// <summary>
/// User and group names from the system's files (<c>/etc/passwd</c>, <c>/etc/group</c>). Lookups read an
/// immutable snapshot (no lock, no syscall); <see cref="RefreshIfChanged"/> rebuilds it when a file's mtime or
/// size changed, and is called from a timer, never from the hot path. NSS sources other than files (LDAP, SSSD)
/// are not consulted: see docs/enrichers.md.
/// </summary>
public sealed class UserDatabase
{
    private readonly string _passwdPath;
    private readonly string _groupPath;
    private readonly Action<string>? _warn;
    private volatile Snapshot _snapshot = Snapshot.Empty;

    /// <summary>Loads both files.</summary>
    public UserDatabase(string passwdPath = "/etc/passwd", string groupPath = "/etc/group", Action<string>? warn = null)
    {
        _passwdPath = passwdPath;
        _groupPath = groupPath;
        _warn = warn;
        RefreshIfChanged();
    }

    /// <summary>How many times the names were (re)loaded.</summary>
    public int LoadCount { get; private set; }

    /// <summary>The name of user <paramref name="uid"/>, or null when unknown (and for -1 and the unset auid 4294967295).</summary>
    public string? UserName(long uid) => uid >= 0 && _snapshot.Users.TryGetValue(uid, out var name) ? name : null;

    /// <summary>The name of group <paramref name="gid"/>, or null when unknown.</summary>
    public string? GroupName(long gid) => gid >= 0 && _snapshot.Groups.TryGetValue(gid, out var name) ? name : null;

    /// <summary>Reloads the files whose modification time or size changed. Returns true when it reloaded.</summary>
    public bool RefreshIfChanged()
    {
        var current = _snapshot;
        var passwdStamp = Stamp(_passwdPath);
        var groupStamp = Stamp(_groupPath);
        if (passwdStamp == current.PasswdStamp && groupStamp == current.GroupStamp && LoadCount > 0) return false;
        var users = passwdStamp == current.PasswdStamp && LoadCount > 0 ? current.Users : Parse(_passwdPath);
        var groups = groupStamp == current.GroupStamp && LoadCount > 0 ? current.Groups : Parse(_groupPath);
        _snapshot = new Snapshot(users, groups, passwdStamp, groupStamp);
        LoadCount++;
        return true;
    }

    private static (long, long) Stamp(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? (info.LastWriteTimeUtc.Ticks, info.Length) : (0, -1);
    }

    /// <summary>Parses name:password:id:... lines; a malformed line is reported with its number and skipped.</summary>
    private Dictionary<long, string> Parse(string path)
    {
        var map = new Dictionary<long, string>();
        string[] lines;
        try { lines = File.ReadAllLines(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _warn?.Invoke($"{path}: cannot read ({ex.Message}); user or group names stay unknown.");
            return map;
        }
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].AsSpan();
            if (line.IsEmpty || line[0] == '#' || line[0] == '+' || line[0] == '-') continue; // NIS compat entries
            var first = line.IndexOf(':');
            var second = first < 0 ? -1 : line[(first + 1)..].IndexOf(':');
            if (second < 0) { _warn?.Invoke($"{path}:{i + 1}: not a name:password:id line; skipped."); continue; }
            var rest = line[(first + 1 + second + 1)..];
            var third = rest.IndexOf(':');
            var idText = third < 0 ? rest : rest[..third];
            if (!long.TryParse(idText, out var id) || id < 0)
            {
                _warn?.Invoke($"{path}:{i + 1}: id '{idText.ToString()}' is not a number; skipped.");
                continue;
            }
            // The first line for an id wins, as getpwuid does.
            map.TryAdd(id, line[..first].ToString());
        }
        return map;
    }

    private sealed record Snapshot(Dictionary<long, string> Users, Dictionary<long, string> Groups, (long, long) PasswdStamp, (long, long) GroupStamp)
    {
        public static readonly Snapshot Empty = new(new(), new(), (0, -2), (0, -2));
    }
}

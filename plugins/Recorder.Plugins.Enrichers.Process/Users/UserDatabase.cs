namespace Recorder.Plugins.Enrichers.Process.Users;

/// <summary>
/// User and group names. Lookups read an immutable snapshot of <c>/etc/passwd</c> and <c>/etc/group</c> (no lock, no
/// syscall). An id the snapshot does not know is resolved at once: the files are reloaded when their mtime or size
/// changed (a user created a moment ago), then, for the system's own database, the name service switch is asked
/// (<c>getpwuid_r</c>: LDAP, SSSD). Misses are retried at most once a second per id. A name once known is kept after
/// the user is deleted, so later events of a deleted user's processes still name it; a new owner of the id wins.
/// </summary>
public sealed class UserDatabase
{
    private static readonly long RetryMilliseconds = 1000;

    private readonly string _passwdPath;
    private readonly string _groupPath;
    private readonly Action<string>? _warn;
    private readonly bool _useNss;
    private readonly object _reload = new();
    private readonly Names _users;
    private readonly Names _groups;
    private volatile Snapshot _snapshot = Snapshot.Empty;

    /// <summary>Loads both files. <paramref name="useNss"/> (default: when the files are the system's) also asks NSS for ids they lack.</summary>
    public UserDatabase(string passwdPath = "/etc/passwd", string groupPath = "/etc/group", Action<string>? warn = null, bool? useNss = null)
    {
        _passwdPath = passwdPath;
        _groupPath = groupPath;
        _warn = warn;
        _useNss = useNss ?? (passwdPath == "/etc/passwd" && groupPath == "/etc/group");
        _users = new Names(s => s.Users, _useNss ? NssUsers.UserName : null);
        _groups = new Names(s => s.Groups, _useNss ? NssUsers.GroupName : null);
        RefreshIfChanged();
    }

    /// <summary>How many times the names were (re)loaded.</summary>
    public int LoadCount { get; private set; }

    /// <summary>The name of user <paramref name="uid"/>, or null when unknown (and for -1 and the unset auid 4294967295).</summary>
    public string? UserName(long uid) => Resolve(uid, _users);

    /// <summary>The name of group <paramref name="gid"/>, or null when unknown.</summary>
    public string? GroupName(long gid) => Resolve(gid, _groups);

    /// <summary>Reloads the files whose modification time or size changed. Returns true when it reloaded.</summary>
    public bool RefreshIfChanged()
    {
        lock (_reload)
        {
            var current = _snapshot;
            var passwdStamp = Stamp(_passwdPath);
            var groupStamp = Stamp(_groupPath);
            if (passwdStamp == current.PasswdStamp && groupStamp == current.GroupStamp && LoadCount > 0) return false;
            var users = passwdStamp == current.PasswdStamp && LoadCount > 0 ? current.Users : KeepingDeleted(Parse(_passwdPath), current.Users);
            var groups = groupStamp == current.GroupStamp && LoadCount > 0 ? current.Groups : KeepingDeleted(Parse(_groupPath), current.Groups);
            _snapshot = new Snapshot(users, groups, passwdStamp, groupStamp);
            LoadCount++;
            return true;
        }
    }

    private string? Resolve(long id, Names names)
    {
        if (id is < 0 or >= uint.MaxValue) return null;
        if (names.Of(_snapshot).TryGetValue(id, out var name) || names.FromNss.TryGetValue(id, out name)) return name;
        var now = Environment.TickCount64;
        if (names.Misses.TryGetValue(id, out var missed) && now - missed < RetryMilliseconds) return null;
        names.Misses[id] = now;
        // Created since the snapshot was taken?
        RefreshIfChanged();
        if (names.Of(_snapshot).TryGetValue(id, out name) || (names.Nss?.Invoke(id) is { } fromNss && names.FromNss.TryAdd(id, name = fromNss)))
        {
            names.Misses.TryRemove(id, out _);
            return name;
        }
        return null;
    }

    /// <summary>The names just read, plus those of ids no longer listed (deleted users keep their names).</summary>
    private static Dictionary<long, string> KeepingDeleted(Dictionary<long, string> read, Dictionary<long, string> before)
    {
        foreach (var (id, name) in before) read.TryAdd(id, name);
        return read;
    }

    /// <summary>One kind of name (users or groups): its table in the snapshot, its NSS lookup, NSS answers and recent misses.</summary>
    private sealed class Names(Func<Snapshot, Dictionary<long, string>> of, Func<long, string?>? nss)
    {
        public Func<Snapshot, Dictionary<long, string>> Of { get; } = of;
        public Func<long, string?>? Nss { get; } = nss;
        public System.Collections.Concurrent.ConcurrentDictionary<long, string> FromNss { get; } = new();
        public System.Collections.Concurrent.ConcurrentDictionary<long, long> Misses { get; } = new();
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

using Recorder.Contracts.Events;

namespace Recorder.Plugins.Sinks.Sqlite.Storage;

/// <summary>
/// Writes the process context of events to the partition's process table, once per distinct context: events
/// of the same process with the same context share one row. A process whose context changes (exec, setuid)
/// gets a new row, so each event keeps exactly the context it was recorded with. Each row also records the
/// lowest and highest event row key written with it (<c>first_k</c>, <c>last_k</c>): the events of a process are
/// then a key range of each event table, found without an index on <c>proc</c>.
/// </summary>
internal sealed class ProcessRowWriter : IDisposable
{
    private const int MaxCachedProcesses = 100_000;

    private readonly StringInterner _strings;
    private readonly PreparedStatement _insert;
    private readonly Dictionary<Guid, CachedRow> _byGuid = new();
    // Events without a process GUID (no process enricher) are grouped by PID instead.
    private readonly Dictionary<long, CachedRow> _byPid = new();
    // Key ranges of the rows written here, and the rows whose range changed since the last save.
    private readonly Dictionary<long, KeyRange> _rangeOfRow = new();
    private readonly HashSet<long> _changedRanges = new();
    private readonly PreparedStatement? _saveRange;

    public ProcessRowWriter(Microsoft.Data.Sqlite.SqliteConnection connection, long partition, StringInterner strings, bool tracksKeyRanges)
    {
        _strings = strings;
        if (tracksKeyRanges)
            _saveRange = new PreparedStatement(connection,
                $"UPDATE {SqlNames.Processes(partition)} SET {ProcessColumns.FirstKeyColumn} = ?1, {ProcessColumns.LastKeyColumn} = ?2 WHERE pk = ?3");
        var columns = ProcessColumns.All;
        var names = string.Join(", ", columns.Select(c => c.Name));
        var values = string.Join(", ", Enumerable.Range(1, columns.Count).Select(i => "?" + i));
        _insert = new PreparedStatement(connection, $"INSERT INTO {SqlNames.Processes(partition)}({names}) VALUES ({values})");
    }

    /// <summary>Returns the process row for the event's context, adding one when it is new.</summary>
    public long RowFor(ProcessContext process)
    {
        var byGuid = process.ProcessGuid != Guid.Empty;
        CachedRow? cached = null;
        if (byGuid) _byGuid.TryGetValue(process.ProcessGuid, out cached);
        else if (process.Pid is { } pid) _byPid.TryGetValue(pid, out cached);
        if (cached is not null && cached.Matches(process)) return cached.RowId;

        var row = new CachedRow(Insert(process), process);
        if (_byGuid.Count + _byPid.Count >= MaxCachedProcesses)
        {
            // Bounded memory: forgotten processes get a new row (with its own range) at their next event.
            SaveKeyRanges();
            _byGuid.Clear();
            _byPid.Clear();
            _rangeOfRow.Clear();
        }
        if (byGuid) _byGuid[process.ProcessGuid] = row;
        else if (process.Pid is { } pid) _byPid[pid] = row;
        return row.RowId;
    }

    /// <summary>Widens the key range of <paramref name="row"/> to include an event just written with key <paramref name="key"/>.</summary>
    public void NoteEventKey(long row, long key)
    {
        if (_saveRange is null) return;
        if (_rangeOfRow.TryGetValue(row, out var range))
        {
            if (key >= range.First && key <= range.Last) return;
            range = new KeyRange(Math.Min(range.First, key), Math.Max(range.Last, key));
        }
        else
        {
            range = new KeyRange(key, key);
        }
        _rangeOfRow[row] = range;
        _changedRanges.Add(row);
    }

    /// <summary>Writes the changed key ranges to their rows; called inside the batch's transaction before commit.</summary>
    public void SaveKeyRanges()
    {
        if (_saveRange is null || _changedRanges.Count == 0) return;
        foreach (var row in _changedRanges)
        {
            var range = _rangeOfRow[row];
            _saveRange.Bind(1, range.First);
            _saveRange.Bind(2, range.Last);
            _saveRange.Bind(3, row);
            _saveRange.Execute();
        }
        _changedRanges.Clear();
    }

    /// <summary>Forgets rows written by a transaction that was rolled back.</summary>
    public void Reset()
    {
        _byGuid.Clear();
        _byPid.Clear();
        _rangeOfRow.Clear();
        _changedRanges.Clear();
    }

    private long Insert(ProcessContext p)
    {
        Span<byte> guid = stackalloc byte[16];
        var i = 1;
        BindGuid(i++, p.ProcessGuid, guid);
        _insert.Bind(i++, p.Pid);
        _insert.Bind(i++, p.StartTime is { } st ? StoredValues.Ticks(st) : null);
        BindString(i++, p.Executable);
        BindString(i++, p.CommandLine);
        BindString(i++, p.WorkingDirectory);
        BindString(i++, p.ExecutableHash);
        BindString(i++, p.HashError);
        _insert.Bind(i++, p.Uid);
        BindString(i++, p.UserName);
        _insert.Bind(i++, p.EffectiveUid);
        BindString(i++, p.EffectiveUserName);
        _insert.Bind(i++, p.Gid);
        BindString(i++, p.GroupName);
        _insert.Bind(i++, p.LoginUid);
        BindString(i++, p.LoginUserName);
        _insert.Bind(i++, p.SessionId);
        BindString(i++, p.Terminal);
        BindGuid(i++, p.ParentProcessGuid, guid);
        _insert.Bind(i++, p.ParentPid);
        BindString(i++, p.ParentExecutable);
        BindString(i++, p.ParentCommandLine);
        if (p.Ancestors.Count == 0)
        {
            for (var k = 0; k < 5; k++) _insert.BindNull(i++);
        }
        else
        {
            BindString(i++, StoredJsonArray.Of(p.Ancestors, static a => a.Executable));
            BindString(i++, StoredJsonArray.Of(p.Ancestors, static a => a.CommandLine));
            BindString(i++, StoredJsonArray.Of(p.Ancestors, static a => a.UserName));
            BindString(i++, StoredJsonArray.Of(p.Ancestors, static a => a.ProcessGuid == Guid.Empty ? null : a.ProcessGuid.ToString()));
            BindString(i++, StoredJsonArray.OfNumbers(p.Ancestors, static a => a.Pid));
        }
        BindString(i++, p.Arguments is { } args ? StoredValues.JsonArray(args) : null);
        BindString(i++, p.UserSid);
        BindString(i++, p.UserDomain);
        _insert.Bind(i++, p.LogonId);
        _insert.Bind(i++, p.TerminalSessionId);
        BindString(i++, p.IntegrityLevel);
        _insert.Bind(i++, p.PidVersion);
        BindString(i++, p.ContainerId);
        _insert.Execute();
        return _insert.LastInsertRowId;
    }

    private void BindString(int index, string? value)
    {
        if (value is null) _insert.BindNull(index);
        else _insert.Bind(index, _strings.Intern(value));
    }

    private void BindGuid(int index, Guid value, Span<byte> buffer)
    {
        if (value == Guid.Empty) { _insert.BindNull(index); return; }
        value.TryWriteBytes(buffer, bigEndian: true, out _);
        _insert.Bind(index, (ReadOnlySpan<byte>)buffer);
    }

    public void Dispose()
    {
        _insert.Dispose();
        _saveRange?.Dispose();
    }

    private readonly record struct KeyRange(long First, long Last);

    /// <summary>The context a row was written with, to tell whether the next event of the process can share it.</summary>
    private sealed class CachedRow(long rowId, ProcessContext p)
    {
        private readonly long? _pid = p.Pid, _uid = p.Uid, _euid = p.EffectiveUid, _gid = p.Gid, _loginUid = p.LoginUid, _session = p.SessionId, _parentPid = p.ParentPid,
            _logonId = p.LogonId, _terminalSession = p.TerminalSessionId, _pidVersion = p.PidVersion;
        private readonly string? _userSid = p.UserSid, _userDomain = p.UserDomain, _integrity = p.IntegrityLevel, _container = p.ContainerId;
        private readonly IReadOnlyList<string>? _args = p.Arguments;
        private readonly DateTime? _start = p.StartTime;
        private readonly string? _exe = p.Executable, _cmd = p.CommandLine, _cwd = p.WorkingDirectory, _hash = p.ExecutableHash, _hashError = p.HashError,
            _user = p.UserName, _euser = p.EffectiveUserName, _group = p.GroupName, _loginUser = p.LoginUserName, _tty = p.Terminal,
            _parentExe = p.ParentExecutable, _parentCmd = p.ParentCommandLine;
        private readonly Guid _parentGuid = p.ParentProcessGuid;
        private readonly IReadOnlyList<ProcessAncestor> _ancestors = p.Ancestors;

        public long RowId { get; } = rowId;

        public bool Matches(ProcessContext p) =>
            _pid == p.Pid && _uid == p.Uid && _euid == p.EffectiveUid && _gid == p.Gid && _loginUid == p.LoginUid &&
            _session == p.SessionId && _parentPid == p.ParentPid && _start == p.StartTime && _parentGuid == p.ParentProcessGuid &&
            string.Equals(_exe, p.Executable) && string.Equals(_cmd, p.CommandLine) && string.Equals(_cwd, p.WorkingDirectory) &&
            string.Equals(_hash, p.ExecutableHash) && string.Equals(_hashError, p.HashError) && string.Equals(_user, p.UserName) &&
            string.Equals(_euser, p.EffectiveUserName) && string.Equals(_group, p.GroupName) && string.Equals(_loginUser, p.LoginUserName) &&
            string.Equals(_tty, p.Terminal) && string.Equals(_parentExe, p.ParentExecutable) && string.Equals(_parentCmd, p.ParentCommandLine) &&
            SameAncestors(_ancestors, p.Ancestors) &&
            _logonId == p.LogonId && _terminalSession == p.TerminalSessionId && _pidVersion == p.PidVersion &&
            string.Equals(_userSid, p.UserSid) && string.Equals(_userDomain, p.UserDomain) &&
            string.Equals(_integrity, p.IntegrityLevel) && string.Equals(_container, p.ContainerId) && SameArguments(_args, p.Arguments);

        private static bool SameArguments(IReadOnlyList<string>? a, IReadOnlyList<string>? b)
        {
            if (ReferenceEquals(a, b)) return true;
            if (a is null || b is null || a.Count != b.Count) return false;
            for (var i = 0; i < a.Count; i++) if (!string.Equals(a[i], b[i], StringComparison.Ordinal)) return false;
            return true;
        }

        private static bool SameAncestors(IReadOnlyList<ProcessAncestor> a, IReadOnlyList<ProcessAncestor> b)
        {
            if (ReferenceEquals(a, b)) return true;
            if (a.Count != b.Count) return false;
            for (var i = 0; i < a.Count; i++) if (!Equals(a[i], b[i])) return false;
            return true;
        }
    }
}

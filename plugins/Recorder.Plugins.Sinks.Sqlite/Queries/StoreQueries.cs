using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Recorder.Contracts.Events;
using Recorder.Plugins.Sinks.Sqlite.Storage;

namespace Recorder.Plugins.Sinks.Sqlite.Queries;

/// <summary>
/// The questions investigators ask, answered from the indexes: a timeline (row keys are times), the process
/// tree (process GUID, parent GUID and PID indexes), who touched a file (path indexes) and network activity
/// (remote endpoint and process indexes). Each looks into every partition and merges the answers by time.
/// </summary>
public sealed class StoreQueries
{
    private readonly RecorderStore _store;

    /// <summary>Queries over an open store.</summary>
    public StoreQueries(RecorderStore store) => _store = store;

    /// <summary>Every event between <paramref name="since"/> and <paramref name="until"/>, optionally of some types only, by time.</summary>
    public QueryResult Timeline(DateTime since, DateTime until, IReadOnlyCollection<string>? types = null, int limit = 10_000)
    {
        var from = StoredValues.Ticks(since);
        var to = StoredValues.Ticks(until);
        var rows = new List<(long Ticks, object?[] Row)>();
        foreach (var partition in _store.Partitions)
        {
            if (partition.MinTicks is not { } min || partition.MaxTicks is not { } max || max < from || min > to) continue;
            var where = $"e.k BETWEEN {TimeKey.Lowest(from, partition.BaseTicks)} AND {TimeKey.Highest(to, partition.BaseTicks)}";
            foreach (var type in _store.Types.Values)
            {
                if (types is { Count: > 0 } && !types.Contains(type.Type)) continue;
                Collect(partition, type, where, limit, rows, Summarize);
            }
        }
        return Finish(["time", "type", "pid", "process", "user", "details", "process_guid"], rows, limit);

        object?[] Summarize(SqliteDataReader r, StoredType type) =>
            [Get(r, "event_time"), Get(r, "event_type"), Get(r, "process_pid"), Get(r, "process_path"), Get(r, "process_user_name"),
             Details(r, type), Get(r, "process_guid")];
    }

    /// <summary>Every event that named <paramref name="path"/> as a file path (also as rename source or symlink target), by time.</summary>
    public QueryResult File(string path, int limit = 10_000)
    {
        var rows = new List<(long Ticks, object?[] Row)>();
        var idsByPartition = StringIds(path);
        foreach (var partition in _store.Partitions)
        {
            if (!idsByPartition.TryGetValue(partition.Number, out var ids)) continue;
            var idList = string.Join(",", ids);
            foreach (var type in _store.Types.Values)
            {
                var pathFields = type.Fields.Where(f => f.Field.StartsWith("file.", StringComparison.Ordinal) && StoreIndexPolicy.IsPathField(f)).ToList();
                if (pathFields.Count == 0) continue;
                var table = SqlNames.Events(partition.Number, type.TableName);
                if (!_store.Tables.Contains(table)) continue;
                var columns = _store.ColumnsOf(table);
                var terms = pathFields.Where(f => columns.Contains(f.Column)).Select(f => $"e.{SqlNames.Quote(f.Column)} IN ({idList})").ToList();
                if (terms.Count == 0) continue;
                Collect(partition, type, string.Join(" OR ", terms), limit, rows, (r, t) =>
                    [Get(r, "event_time"), Get(r, "event_type"), Get(r, "file_path"), Details(r, t, skip: "file_path"), Get(r, "process_pid"),
                     Get(r, "process_path"), Get(r, "process_cmd"), Get(r, "process_user_name"), Get(r, "process_guid")]);
            }
        }
        return Finish(["time", "type", "path", "details", "pid", "process", "command_line", "user", "process_guid"], rows, limit);
    }

    /// <summary>Network events, optionally of one process (by GUID) and/or with one remote address, by time.</summary>
    public QueryResult Network(Guid? process = null, string? remoteAddress = null, int limit = 10_000)
    {
        var rows = new List<(long Ticks, object?[] Row)>();
        var remoteIdsByPartition = remoteAddress is null ? null : StringIds(remoteAddress);
        var processRowsByPartition = process is { } g ? ProcessRowsWithKeyRange(g) : null;
        foreach (var partition in _store.Partitions)
        {
            string? remoteIds = null, processTerm = null;
            if (remoteIdsByPartition is not null)
            {
                if (!remoteIdsByPartition.TryGetValue(partition.Number, out var ids)) continue;
                remoteIds = string.Join(",", ids);
            }
            if (processRowsByPartition is not null)
            {
                if (!processRowsByPartition.TryGetValue(partition.Number, out var rowsOfProcess)) continue;
                processTerm = $"e.proc IN ({string.Join(",", rowsOfProcess.Rows)})";
                // The process's events lie within its rows' key range: a rowid range scan instead of an index.
                if (rowsOfProcess.First is { } first && rowsOfProcess.Last is { } last) processTerm = $"e.k BETWEEN {first} AND {last} AND " + processTerm;
            }
            foreach (var type in _store.Types.Values)
            {
                if (type.Find("network.remote_address") is not { } remoteField) continue;
                var remoteTerm = remoteIds is null ? null : $"e.{SqlNames.Quote(remoteField.Column)} IN ({remoteIds})";
                var where = remoteTerm is null ? processTerm : processTerm is null ? remoteTerm : remoteTerm + " AND " + processTerm;
                Collect(partition, type, where, limit, rows, (r, _) =>
                    [Get(r, "event_time"), Get(r, "event_type"), Get(r, "network_transport"), Endpoint(r, "network_local_address", "network_local_port"),
                     Endpoint(r, "network_remote_address", "network_remote_port"), Get(r, "process_pid"), Get(r, "process_path"),
                     Get(r, "process_user_name"), Get(r, "process_guid")]);
            }
        }
        return Finish(["time", "type", "transport", "local", "remote", "pid", "process", "user", "process_guid"], rows, limit);
    }

    /// <summary>
    /// The process tree around a process given by GUID or PID: its ancestors and descendants with command lines
    /// and users. A PID seen for several processes needs <paramref name="at"/> (the process that held the PID
    /// then) or else the candidates are listed and <see cref="ProcessTree.Root"/> is null.
    /// </summary>
    public ProcessTree Tree(string processGuidOrPid, DateTime? at = null, int maxDescendants = 1000)
    {
        Guid guid;
        if (!Guid.TryParse(processGuidOrPid, out guid))
        {
            if (!long.TryParse(processGuidOrPid, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid))
                throw new ArgumentException($"'{processGuidOrPid}' is neither a process GUID nor a PID.", nameof(processGuidOrPid));
            var candidates = Candidates(pid);
            if (candidates.Count == 0) return new ProcessTree(null, [], [], [], $"No process with PID {pid} is recorded.");
            ProcessNode? chosen = null;
            if (candidates.Count == 1) chosen = candidates[0];
            else if (at is { } when)
            {
                // The incarnation of the PID that had started last before that moment.
                var atTicks = StoredValues.Ticks(when);
                chosen = candidates.Where(c => (c.StartTicks ?? c.FirstSeenTicks) <= atTicks)
                    .OrderByDescending(c => c.StartTicks ?? c.FirstSeenTicks).FirstOrDefault();
                if (chosen is null) return new ProcessTree(null, [], [], candidates, $"No process held PID {pid} at {when:O}.");
            }
            if (chosen is null)
                return new ProcessTree(null, [], [], candidates,
                    $"PID {pid} was used by {candidates.Count} processes; give --at <time> or a process GUID.");
            guid = chosen.Guid;
        }

        var root = Describe(guid, 0) ?? DescribeFromChild(guid);
        if (root is null) return new ProcessTree(null, [], [], [], $"No process {guid} is recorded.");

        var ancestors = new List<ProcessNode>();
        var seen = new HashSet<Guid> { guid };
        var current = root;
        while (current.ParentGuid is { } parent && parent != Guid.Empty && seen.Add(parent) && ancestors.Count < 256)
        {
            var node = Describe(parent, -(ancestors.Count + 1));
            if (node is null)
            {
                // The parent left no events of its own: the ancestry its child carried names it and those above it.
                if (current.Ancestry.Count == 0)
                    ancestors.Add(new ProcessNode(parent, current.ParentPid, current.ParentPath, current.ParentCommandLine, null, null, null,
                        null, null, null, null, current.FirstSeenTicks, -(ancestors.Count + 1)));
                for (var i = 0; i < current.Ancestry.Count; i++)
                {
                    var a = current.Ancestry[i];
                    var parentOfThis = i + 1 < current.Ancestry.Count ? current.Ancestry[i + 1].ProcessGuid : Guid.Empty;
                    ancestors.Add(new ProcessNode(a.ProcessGuid, a.Pid, a.Executable, a.CommandLine, a.UserName, null, null,
                        parentOfThis == Guid.Empty ? null : parentOfThis, null, null, null, current.FirstSeenTicks, -(ancestors.Count + 1)));
                }
                break;
            }
            ancestors.Add(node);
            current = node;
        }

        // Descendants level by level: one statement per generation finds every child of the previous one.
        var descendants = new List<ProcessNode>();
        var level = new List<Guid> { guid };
        for (var depth = 1; level.Count > 0 && descendants.Count < maxDescendants && depth <= 64; depth++)
        {
            var next = new List<Guid>();
            foreach (var parents in level.Chunk(200))
            {
                var blobs = parents.Select(GuidBytes).ToArray();
                var where = "p.parent_guid IN (" + string.Join(",", blobs.Select((_, i) => "$g" + i)) + ") AND p.guid IS NOT NULL";
                var newest = new Dictionary<Guid, ProcessNode>();
                // Rows repeat a process once per partition and context: read a few more than still wanted, then stop.
                var wanted = (maxDescendants - descendants.Count) * 4 + 16;
                foreach (var row in ProcessRowsWhere(where, c => { for (var i = 0; i < blobs.Length; i++) c.Parameters.AddWithValue("$g" + i, blobs[i]); }, depth, wanted))
                    newest[row.Guid] = newest.TryGetValue(row.Guid, out var seenBefore) ? row with { FirstSeenTicks = seenBefore.FirstSeenTicks } : row;
                foreach (var child in newest.Values.OrderBy(c => c.StartTicks ?? c.FirstSeenTicks))
                {
                    if (descendants.Count >= maxDescendants || !seen.Add(child.Guid)) continue;
                    descendants.Add(child);
                    next.Add(child.Guid);
                }
            }
            level = next;
        }
        var note = descendants.Count >= maxDescendants ? $"showing the first {maxDescendants} descendants" : null;
        return new ProcessTree(root, ancestors, descendants, [], note);
    }

    // ---- helpers ----

    private delegate object?[] RowShaper(SqliteDataReader reader, StoredType type);

    private void Collect(PartitionInfo partition, StoredType type, string? where, int limit, List<(long, object?[])> rows, RowShaper shape)
    {
        var table = SqlNames.Events(partition.Number, type.TableName);
        if (!_store.Tables.Contains(table)) return;
        using var command = _store.Connection.CreateCommand();
        command.CommandText = DecodeSql.Select(partition, type, _store.ColumnsOf(table), where, withTicks: true) + $" ORDER BY e.k LIMIT {limit + 1}";
        using var reader = command.ExecuteReader();
        while (reader.Read()) rows.Add((reader.GetInt64(0), shape(reader, type)));
    }

    private static QueryResult Finish(string[] columns, List<(long Ticks, object?[] Row)> rows, int limit)
    {
        rows.Sort((a, b) => a.Ticks.CompareTo(b.Ticks));
        string? note = null;
        if (rows.Count > limit)
        {
            note = $"showing the first {limit} rows; narrow the question or raise --limit";
            rows.RemoveRange(limit, rows.Count - limit);
        }
        return new QueryResult(columns, rows.Select(r => r.Row).ToList(), note);
    }

    private static object? Get(SqliteDataReader reader, string column)
    {
        var ordinal = reader.GetOrdinal(column);
        return reader.IsDBNull(ordinal) ? null : reader.GetValue(ordinal);
    }

    private static string? Endpoint(SqliteDataReader r, string address, string port)
    {
        var a = Get(r, address) as string;
        var p = Get(r, port);
        if (a is null) return p is null ? null : ":" + p;
        return p is null ? a : (a.Contains(':') ? $"[{a}]:{p}" : $"{a}:{p}");
    }

    /// <summary>The type's own fields as <c>name=value</c> pairs.</summary>
    private static string Details(SqliteDataReader r, StoredType type, string? skip = null)
    {
        var text = new StringBuilder();
        foreach (var f in type.Fields)
        {
            if (f.Column == skip) continue;
            var value = Get(r, f.Column);
            if (value is null) continue;
            if (text.Length > 0) text.Append(' ');
            text.Append(f.Field).Append('=').Append(Convert.ToString(value, CultureInfo.InvariantCulture));
        }
        if (Get(r, "event_outcome") is "failure") text.Append(text.Length > 0 ? " " : "").Append("outcome=failure result=").Append(Get(r, "event_result"));
        return text.ToString();
    }

    /// <summary>The ids of a text in every partition's string table that has it, found with one statement.</summary>
    private Dictionary<long, List<long>> StringIds(string text) =>
        PerPartition(n => $"SELECT {n}, id FROM {SqlNames.Strings(n)} WHERE h IN ($h, $h64) AND s = $s",
            command =>
            {
                command.Parameters.AddWithValue("$h", StableStringHash.Stored(text));
                command.Parameters.AddWithValue("$h64", StableStringHash.Compute(text));
                command.Parameters.AddWithValue("$s", text);
            });

    /// <summary>The rows of a process in one partition and the event key range they cover (null when a row has no range).</summary>
    private sealed record ProcessRowsOfPartition(List<long> Rows, long? First, long? Last);

    /// <summary>The process rows of a process GUID in every partition that saw it, with the key range of their events.</summary>
    private Dictionary<long, ProcessRowsOfPartition> ProcessRowsWithKeyRange(Guid guid)
    {
        var result = new Dictionary<long, ProcessRowsOfPartition>();
        var bytes = GuidBytes(guid);
        var withTables = _store.Partitions.Where(p => _store.Tables.Contains(SqlNames.Processes(p.Number))).ToList();
        foreach (var chunk in withTables.Chunk(MaxCompound))
        {
            using var command = _store.Connection.CreateCommand();
            command.CommandText = string.Join(" UNION ALL ", chunk.Select(p =>
            {
                var table = SqlNames.Processes(p.Number);
                // Partitions written before key ranges existed have none (and keep an index on proc instead).
                var range = _store.ColumnsOf(table).Contains(Storage.ProcessColumns.LastKeyColumn)
                    ? $"{Storage.ProcessColumns.FirstKeyColumn}, {Storage.ProcessColumns.LastKeyColumn}"
                    : "NULL, NULL";
                return $"SELECT {p.Number}, pk, {range} FROM {table} WHERE guid = $g";
            }));
            command.Parameters.AddWithValue("$g", bytes);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var n = reader.GetInt64(0);
                long? first = reader.IsDBNull(2) ? null : reader.GetInt64(2);
                long? last = reader.IsDBNull(3) ? null : reader.GetInt64(3);
                if (result.TryGetValue(n, out var known))
                {
                    known.Rows.Add(reader.GetInt64(1));
                    var bothKnown = first is not null && known.First is not null;
                    result[n] = known with
                    {
                        First = bothKnown ? Math.Min(first!.Value, known.First!.Value) : null,
                        Last = bothKnown ? Math.Max(last!.Value, known.Last!.Value) : null,
                    };
                }
                else
                {
                    result[n] = new ProcessRowsOfPartition([reader.GetInt64(1)], first, last);
                }
            }
        }
        return result;
    }

    /// <summary>
    /// Runs one small index probe per partition as a single UNION ALL statement (one prepare, one round trip)
    /// and groups the second column by the partition number in the first.
    /// </summary>
    private Dictionary<long, List<long>> PerPartition(Func<long, string> probe, Action<SqliteCommand> bind)
    {
        var result = new Dictionary<long, List<long>>();
        foreach (var chunk in _store.Partitions.Chunk(MaxCompound))
        {
            using var command = _store.Connection.CreateCommand();
            command.CommandText = string.Join(" UNION ALL ", chunk.Select(p => probe(p.Number)));
            bind(command);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var n = reader.GetInt64(0);
                if (!result.TryGetValue(n, out var list)) result[n] = list = new List<long>();
                list.Add(reader.GetInt64(1));
            }
        }
        return result;
    }

    // SQLite allows 500 terms in a compound SELECT.
    private const int MaxCompound = 400;

    private static byte[] GuidBytes(Guid guid)
    {
        var bytes = new byte[16];
        guid.TryWriteBytes(bytes, bigEndian: true, out _);
        return bytes;
    }

    private const string ProcessSelect =
        "SELECT guid, pid, start_time, {path}, {cmd}, {user}, {euser}, parent_guid, parent_pid, {ppath}, {pcmd}, " +
        "{aguid}, {apid}, {apath}, {acmd}, {auser} FROM {table} p";

    private string ProcessSql(PartitionInfo partition, string where) =>
        ProcessSelect.Replace("{table}", SqlNames.Processes(partition.Number), StringComparison.Ordinal)
            .Replace("{path}", DecodeSql.Text(partition.Number, "p.path"), StringComparison.Ordinal)
            .Replace("{cmd}", DecodeSql.Text(partition.Number, "p.cmd"), StringComparison.Ordinal)
            .Replace("{user}", DecodeSql.Text(partition.Number, "p.user_name"), StringComparison.Ordinal)
            .Replace("{euser}", DecodeSql.Text(partition.Number, "p.effective_user_name"), StringComparison.Ordinal)
            .Replace("{ppath}", DecodeSql.Text(partition.Number, "p.parent_path"), StringComparison.Ordinal)
            .Replace("{pcmd}", DecodeSql.Text(partition.Number, "p.parent_cmd"), StringComparison.Ordinal)
            .Replace("{aguid}", DecodeSql.Text(partition.Number, "p.ancestry_guid"), StringComparison.Ordinal)
            .Replace("{apid}", DecodeSql.Text(partition.Number, "p.ancestry_pid"), StringComparison.Ordinal)
            .Replace("{apath}", DecodeSql.Text(partition.Number, "p.ancestry_path"), StringComparison.Ordinal)
            .Replace("{acmd}", DecodeSql.Text(partition.Number, "p.ancestry_cmd"), StringComparison.Ordinal)
            .Replace("{auser}", DecodeSql.Text(partition.Number, "p.ancestry_user_name"), StringComparison.Ordinal)
            + " WHERE " + where;

    private static ProcessNode ReadNode(SqliteDataReader r, PartitionInfo partition, int depth, int offset)
    {
        Guid? G(int i) => r.IsDBNull(i + offset) ? null : new Guid((byte[])r.GetValue(i + offset), bigEndian: true);
        long? L(int i) => r.IsDBNull(i + offset) ? null : r.GetInt64(i + offset);
        string? S(int i) => r.IsDBNull(i + offset) ? null : r.GetString(i + offset);
        return new ProcessNode(G(0) ?? Guid.Empty, L(1), S(3), S(4), S(5), S(6), L(2), G(7), L(8), S(9), S(10),
            partition.MinTicks ?? partition.BaseTicks, depth) { Ancestry = Ancestry(S(11), S(12), S(13), S(14), S(15)) };
    }

    private static IReadOnlyList<ProcessAncestor> Ancestry(string? guids, string? pids, string? paths, string? cmds, string? users)
    {
        if (guids is null) return [];
        var g = System.Text.Json.JsonSerializer.Deserialize<string?[]>(guids) ?? [];
        var p = pids is null ? [] : System.Text.Json.JsonSerializer.Deserialize<long[]>(pids) ?? [];
        var x = paths is null ? [] : System.Text.Json.JsonSerializer.Deserialize<string?[]>(paths) ?? [];
        var c = cmds is null ? [] : System.Text.Json.JsonSerializer.Deserialize<string?[]>(cmds) ?? [];
        var u = users is null ? [] : System.Text.Json.JsonSerializer.Deserialize<string?[]>(users) ?? [];
        var list = new List<ProcessAncestor>(g.Length);
        for (var i = 0; i < g.Length; i++)
            list.Add(new ProcessAncestor(Guid.TryParse(g[i], out var id) ? id : Guid.Empty, i < p.Length ? p[i] : 0,
                i < x.Length ? x[i] : null, i < c.Length ? c[i] : null, i < u.Length ? u[i] : null));
        return list;
    }

    /// <summary>Process rows matching <paramref name="where"/> in every partition, oldest partition first.</summary>
    private List<ProcessNode> ProcessRowsWhere(string where, Action<SqliteCommand> bind, int depth, int limit = int.MaxValue)
    {
        var nodes = new List<ProcessNode>();
        foreach (var chunk in _store.Partitions.Chunk(MaxCompound))
        {
            using var command = _store.Connection.CreateCommand();
            command.CommandText = string.Join(" UNION ALL ", chunk.Select(p => $"SELECT {p.Number} AS part, " + ProcessSql(p, where)["SELECT ".Length..]))
                + (limit == int.MaxValue ? "" : $" LIMIT {limit}");
            bind(command);
            using var reader = command.ExecuteReader();
            var byNumber = chunk.ToDictionary(p => p.Number);
            while (reader.Read()) nodes.Add(ReadNode(reader, byNumber[reader.GetInt64(0)], depth, offset: 1));
            if (nodes.Count >= limit) break;
        }
        return nodes;
    }

    /// <summary>The newest recorded context of a process (the last partition that saw it), with when it was first seen.</summary>
    private ProcessNode? Describe(Guid guid, int depth)
    {
        var bytes = GuidBytes(guid);
        var rows = ProcessRowsWhere("p.guid = $g", c => c.Parameters.AddWithValue("$g", bytes), depth);
        if (rows.Count == 0) return null;
        return rows[^1] with { FirstSeenTicks = rows[0].FirstSeenTicks };
    }

    /// <summary>A process that left no events of its own but whose children did: what a child recorded about it.</summary>
    private ProcessNode? DescribeFromChild(Guid guid)
    {
        foreach (var childGuid in Children(guid))
        {
            if (Describe(childGuid, 1) is not { } child) continue;
            var above = child.Ancestry.Count > 0 ? child.Ancestry.Skip(1).ToList() : [];
            var self = child.Ancestry.Count > 0 ? child.Ancestry[0] : null;
            return new ProcessNode(guid, child.ParentPid, child.ParentPath, child.ParentCommandLine, self?.UserName, null, null,
                above.Count > 0 ? above[0].ProcessGuid : null, above.Count > 0 ? above[0].Pid : null, above.Count > 0 ? above[0].Executable : null,
                above.Count > 0 ? above[0].CommandLine : null, child.FirstSeenTicks, 0) { Ancestry = above };
        }
        return null;
    }

    private List<Guid> Children(Guid parent)
    {
        var children = new List<Guid>();
        var bytes = GuidBytes(parent);
        foreach (var chunk in _store.Partitions.Chunk(MaxCompound))
        {
            using var command = _store.Connection.CreateCommand();
            command.CommandText = string.Join(" UNION ", chunk.Select(p => $"SELECT guid FROM {SqlNames.Processes(p.Number)} WHERE parent_guid = $g AND guid IS NOT NULL"));
            command.Parameters.AddWithValue("$g", bytes);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var child = new Guid((byte[])reader.GetValue(0), bigEndian: true);
                if (!children.Contains(child)) children.Add(child);
            }
        }
        return children;
    }

    private List<ProcessNode> Candidates(long pid)
    {
        var byGuid = new Dictionary<Guid, ProcessNode>();
        foreach (var node in ProcessRowsWhere("p.pid = $pid AND p.guid IS NOT NULL", c => c.Parameters.AddWithValue("$pid", pid), 0))
            byGuid.TryAdd(node.Guid, node);
        return byGuid.Values.OrderBy(n => n.StartTicks ?? n.FirstSeenTicks).ToList();
    }
}

/// <summary>One process in a tree. <see cref="Depth"/> is 0 for the process asked about, negative for ancestors, positive for descendants.</summary>
public sealed record ProcessNode(Guid Guid, long? Pid, string? Path, string? CommandLine, string? UserName, string? EffectiveUserName,
    long? StartTicks, Guid? ParentGuid, long? ParentPid, string? ParentPath, string? ParentCommandLine, long FirstSeenTicks, int Depth)
{
    /// <summary>Its ancestors as recorded with it (parent first), which names ancestors that left no events.</summary>
    public IReadOnlyList<ProcessAncestor> Ancestry { get; init; } = [];

    /// <summary>When the process started, if recorded.</summary>
    public DateTime? StartTime => StartTicks is { } t ? new DateTime(t, DateTimeKind.Utc) : null;
}

/// <summary>The answer of <see cref="StoreQueries.Tree"/>.</summary>
public sealed record ProcessTree(ProcessNode? Root, IReadOnlyList<ProcessNode> Ancestors, IReadOnlyList<ProcessNode> Descendants,
    IReadOnlyList<ProcessNode> Candidates, string? Message)
{
    /// <summary>The tree as rows (oldest ancestor first, then the process, then descendants depth-first), or the candidates when ambiguous.</summary>
    public QueryResult ToResult()
    {
        string[] columns = ["relation", "pid", "process", "user", "start_time", "command_line", "process_guid"];
        if (Root is null)
            return new QueryResult(columns, Candidates.Select(c => Row(c, "candidate", 0)).ToList(), Message);

        var rows = new List<object?[]>();
        for (var i = Ancestors.Count - 1; i >= 0; i--) rows.Add(Row(Ancestors[i], "ancestor", Ancestors.Count - 1 - i));
        rows.Add(Row(Root, "process", Ancestors.Count));
        // Depth-first below the root, so children sit under their parent.
        var childrenOf = Descendants.GroupBy(d => d.ParentGuid ?? Guid.Empty).ToDictionary(g => g.Key, g => g.ToList());
        void Walk(ProcessNode node)
        {
            if (!childrenOf.TryGetValue(node.Guid, out var children)) return;
            foreach (var child in children)
            {
                rows.Add(Row(child, "descendant", Ancestors.Count + child.Depth));
                Walk(child);
            }
        }
        Walk(Root);
        return new QueryResult(columns, rows, Message);
    }

    private static object?[] Row(ProcessNode n, string relation, int indent) =>
    [
        relation, n.Pid, new string(' ', indent * 2) + (n.Path ?? "?"), n.UserName,
        n.StartTime?.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture), n.CommandLine, n.Guid == Guid.Empty ? null : n.Guid.ToString(),
    ];
}

using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Recorder.Contracts.Events;
using Recorder.Plugins.Sinks.Sqlite.Storage;

namespace Recorder.Plugins.Sinks.Sqlite.Queries;

/// <summary>
/// The questions investigators ask, answered from the indexes: a timeline (row keys are times), the process
/// tree (process GUID, parent GUID and PID indexes), who touched a file (path indexes) and network activity
/// (remote endpoint and process indexes). Events are found by <see cref="EventSearch"/>: partitions are walked from
/// the end the question starts at (newest first for file and net, from --since for a timeline) and the walk stops
/// once --limit rows are certain; partitions without the path, address or process are skipped after one index probe.
/// </summary>
public sealed class StoreQueries
{
    private readonly RecorderStore _store;
    private readonly EventSearch _search;

    /// <summary>Queries over an open store.</summary>
    public StoreQueries(RecorderStore store)
    {
        _store = store;
        _search = new EventSearch(store);
    }

    /// <summary>How many partitions the last timeline, file or net question read.</summary>
    internal int PartitionsRead => _search.PartitionsRead;

    /// <summary>Every event between <paramref name="since"/> and <paramref name="until"/>, optionally of some types only, in time order.</summary>
    public QueryResult Timeline(DateTime since, DateTime until, IReadOnlyCollection<string>? types = null, int limit = 10_000)
    {
        var found = _search.Find(SearchOrder.OldestFirst, StoredValues.Ticks(since), StoredValues.Ticks(until), limit,
            (_, type, _) => types is { Count: > 0 } && !types.Contains(type.Type) ? null : "");
        return Finish(["time", "type", "pid", "process", "user", "command_line", "details", "process_guid"], found, limit, e =>
            [e.Time, e.Type.Type, e.Process?.Pid, ProcessCell(e.Process), e.Process?.UserName, e.Process?.CommandLine, e.Details(), e.Process?.Guid],
            $"showing the first {limit} rows; narrow the window or raise --limit");
    }

    /// <summary>
    /// Every event that named <paramref name="path"/> as a file path (also as rename source or symlink target), newest
    /// first, optionally only between <paramref name="since"/> and <paramref name="until"/>.
    /// </summary>
    public QueryResult File(string path, int limit = 10_000, DateTime? since = null, DateTime? until = null)
    {
        var idsByPartition = new Dictionary<long, string>();
        var found = _search.Find(SearchOrder.NewestFirst, FromTicks(since), ToTicks(until), limit,
            (partition, type, columns) =>
            {
                var ids = idsByPartition[partition.Number];
                // Only path columns that hold a value in this partition (rename targets are nearly always empty).
                var table = SqlNames.Events(partition.Number, type.TableName);
                var terms = type.Fields.Where(f => f.Field.StartsWith("file.", StringComparison.Ordinal) && StoreIndexPolicy.IsPathField(f) &&
                                                   columns.Contains(f.Column) && _store.MayHoldValues(partition.Number, table, f.Column))
                    .Select(f => $"e.{SqlNames.Quote(f.Column)} IN ({ids})").ToList();
                return terms.Count == 0 ? null : string.Join(" OR ", terms);
            },
            partitions => FindStringIds(path, partitions, idsByPartition),
            // A partition whose string table lacks the path holds no event that names it.
            partition => idsByPartition.ContainsKey(partition.Number));
        return Finish(["time", "type", "path", "details", "pid", "process", "command_line", "user", "process_guid"], found, limit, e =>
            [e.Time, e.Type.Type, e.Field("file_path"), e.Details(skipColumn: "file_path"), e.Process?.Pid, ProcessCell(e.Process),
             e.Process?.CommandLine, e.Process?.UserName, e.Process?.Guid],
            NewestNote(limit));
    }

    /// <summary>
    /// Network events, optionally of one process (by GUID) and/or with one remote address, newest first, optionally only
    /// between <paramref name="since"/> and <paramref name="until"/>.
    /// </summary>
    public QueryResult Network(Guid? process = null, string? remoteAddress = null, int limit = 10_000, DateTime? since = null, DateTime? until = null)
    {
        var remoteIdsByPartition = new Dictionary<long, string>();
        var processRowsByPartition = new Dictionary<long, ProcessRowsOfPartition>();
        var found = _search.Find(SearchOrder.NewestFirst, FromTicks(since), ToTicks(until), limit,
            (partition, type, _) =>
            {
                if (type.Find("network.remote_address") is not { } remoteField) return null;
                var terms = new List<string>();
                if (remoteAddress is not null)
                {
                    if (!_store.MayHoldValues(partition.Number, SqlNames.Events(partition.Number, type.TableName), remoteField.Column)) return null;
                    terms.Add($"e.{SqlNames.Quote(remoteField.Column)} IN ({remoteIdsByPartition[partition.Number]})");
                }
                if (process is not null)
                {
                    var rows = processRowsByPartition[partition.Number];
                    // The process's events lie within its rows' key range: a rowid range scan instead of an index.
                    if (rows.First is { } first && rows.Last is { } last) terms.Add($"e.k BETWEEN {first} AND {last}");
                    terms.Add($"e.proc IN ({string.Join(",", rows.Rows)})");
                }
                return string.Join(" AND ", terms);
            },
            partitions =>
            {
                if (remoteAddress is not null) FindStringIds(remoteAddress, partitions, remoteIdsByPartition);
                if (process is { } guid) FindProcessRows(guid, partitions, processRowsByPartition);
            },
            // Partitions whose string table lacks the address, or that never saw the process, are skipped.
            partition => (remoteAddress is null || remoteIdsByPartition.ContainsKey(partition.Number)) &&
                         (process is null || processRowsByPartition.ContainsKey(partition.Number)));
        return Finish(["time", "type", "transport", "local", "remote", "pid", "process", "user", "process_guid"], found, limit, e =>
            [e.Time, e.Type.Type, e.Field("network_transport"), Endpoint(e.Field("network_local_address"), e.Field("network_local_port")),
             Endpoint(e.Field("network_remote_address"), e.Field("network_remote_port")), e.Process?.Pid, ProcessCell(e.Process),
             e.Process?.UserName, e.Process?.Guid],
            NewestNote(limit));
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
            // Candidates are chosen among raw rows; they are decoded only when they are the answer (an ambiguous PID).
            var candidates = Candidates(pid);
            if (candidates.Count == 0) return new ProcessTree(null, [], [], [], $"No process with PID {pid} is recorded.");
            RawProcessRow? chosen = null;
            if (candidates.Count == 1) chosen = candidates[0];
            else if (at is { } when)
            {
                // The incarnation of the PID that had started last before that moment.
                var atTicks = StoredValues.Ticks(when);
                chosen = candidates.Where(c => (c.StartTicks ?? c.FirstSeen) <= atTicks)
                    .OrderByDescending(c => c.StartTicks ?? c.FirstSeen).FirstOrDefault();
                if (chosen is null) return new ProcessTree(null, [], [], DecodeProcessRows(candidates, 0), $"No process held PID {pid} at {when:O}.");
            }
            if (chosen is null)
                return new ProcessTree(null, [], [], DecodeProcessRows(candidates, 0),
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
                // Rows repeat a process once per partition and context: read a few more than still wanted, then stop.
                // They are read raw; only the children kept are decoded.
                var wanted = (maxDescendants - descendants.Count) * 4 + 16;
                var newest = new Dictionary<Guid, (RawProcessRow Row, long FirstSeen)>();
                foreach (var row in RawProcessRowsWhere(where, c => { for (var i = 0; i < blobs.Length; i++) c.Parameters.AddWithValue("$g" + i, blobs[i]); }, wanted))
                    newest[row.Guid] = (row, newest.TryGetValue(row.Guid, out var before) ? before.FirstSeen : row.FirstSeen);
                var kept = new List<(RawProcessRow Row, long FirstSeen)>();
                foreach (var child in newest.Values.OrderBy(c => c.Row.StartTicks ?? c.FirstSeen))
                {
                    if (descendants.Count + kept.Count >= maxDescendants || !seen.Add(child.Row.Guid)) continue;
                    kept.Add(child);
                    next.Add(child.Row.Guid);
                }
                var nodes = DecodeProcessRows(kept.Select(k => k.Row).ToList(), depth);
                for (var i = 0; i < nodes.Count; i++) descendants.Add(nodes[i] with { FirstSeenTicks = kept[i].FirstSeen });
            }
            level = next;
        }
        var note = descendants.Count >= maxDescendants ? $"showing the first {maxDescendants} descendants" : null;
        return new ProcessTree(root, ancestors, descendants, [], note);
    }

    // ---- helpers ----

    private static long FromTicks(DateTime? since) => since is { } t ? StoredValues.Ticks(t) : long.MinValue;
    private static long ToTicks(DateTime? until) => until is { } t ? StoredValues.Ticks(t) : long.MaxValue;

    private static string NewestNote(int limit) => $"showing the newest {limit} rows; narrow the question (--since/--until) or raise --limit";

    private static QueryResult Finish(string[] columns, List<FoundEvent> found, int limit, Func<FoundEvent, object?[]> shape, string truncatedNote)
    {
        string? note = null;
        if (found.Count > limit)
        {
            note = truncatedNote;
            found.RemoveRange(limit, found.Count - limit);
        }
        return new QueryResult(columns, found.Select(shape).ToList(), note, found.Select(e => e.ToRecord()).ToList());
    }

    /// <summary>The executable, and for a process in a container the container's short id, as <c>docker ps</c> shows it.</summary>
    private static string? ProcessCell(ProcessSummary? process) =>
        process?.ContainerId is { } container ? $"{process.Path} [container {container[..Math.Min(12, container.Length)]}]" : process?.Path;

    private static string? Endpoint(object? address, object? port)
    {
        var a = address as string;
        if (a is null) return port is null ? null : ":" + Convert.ToString(port, CultureInfo.InvariantCulture);
        return port is null ? a : (a.Contains(':') ? $"[{a}]:{port}" : $"{a}:{port}");
    }

    /// <summary>
    /// Adds the ids of <paramref name="text"/> in the string tables of <paramref name="partitions"/> that have it (as a
    /// comma-separated list, ready for <c>IN (…)</c>), found with one statement of index probes.
    /// </summary>
    private void FindStringIds(string text, IReadOnlyList<PartitionInfo> partitions, Dictionary<long, string> idsByPartition)
    {
        using var command = _store.Connection.CreateCommand();
        command.CommandText = string.Join(" UNION ALL ", partitions.Select(p => $"SELECT {p.Number}, id FROM {SqlNames.Strings(p.Number)} WHERE h IN ($h, $h64) AND s = $s"));
        command.Parameters.AddWithValue("$h", StableStringHash.Stored(text));
        command.Parameters.AddWithValue("$h64", StableStringHash.Compute(text));
        command.Parameters.AddWithValue("$s", text);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var n = reader.GetInt64(0);
            var id = reader.GetInt64(1).ToString(CultureInfo.InvariantCulture);
            idsByPartition[n] = idsByPartition.TryGetValue(n, out var known) ? known + "," + id : id;
        }
    }

    /// <summary>The rows of a process in one partition and the event key range they cover (null when a row has no range).</summary>
    private sealed record ProcessRowsOfPartition(List<long> Rows, long? First, long? Last);

    /// <summary>Adds the process rows of a process GUID in those of <paramref name="partitions"/> that saw it, with the key range of their events.</summary>
    private void FindProcessRows(Guid guid, IReadOnlyList<PartitionInfo> partitions, Dictionary<long, ProcessRowsOfPartition> result)
    {
        var withTables = partitions.Where(p => _store.Tables.Contains(SqlNames.Processes(p.Number))).ToList();
        if (withTables.Count == 0) return;
        using var command = _store.Connection.CreateCommand();
        command.CommandText = string.Join(" UNION ALL ", withTables.Select(p =>
        {
            var table = SqlNames.Processes(p.Number);
            // Partitions written before key ranges existed have none (and keep an index on proc instead).
            var range = _store.ColumnsOf(table).Contains(Storage.ProcessColumns.LastKeyColumn)
                ? $"{Storage.ProcessColumns.FirstKeyColumn}, {Storage.ProcessColumns.LastKeyColumn}"
                : "NULL, NULL";
            return $"SELECT {p.Number}, pk, {range} FROM {table} WHERE guid = $g";
        }));
        command.Parameters.AddWithValue("$g", GuidBytes(guid));
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

    // SQLite allows 500 terms in a compound SELECT.
    private const int MaxCompound = 400;

    private static byte[] GuidBytes(Guid guid)
    {
        var bytes = new byte[16];
        guid.TryWriteBytes(bytes, bigEndian: true, out _);
        return bytes;
    }

    // The process columns a tree shows, read raw; those holding string ids are decoded afterwards in batches.
    private static readonly string[] TreeColumns =
        ["guid", "pid", "start_time", "path", "cmd", "user_name", "effective_user_name", "parent_guid", "parent_pid", "parent_path", "parent_cmd",
         "ancestry_guid", "ancestry_pid", "ancestry_path", "ancestry_cmd", "ancestry_user_name"];
    private static readonly int[] TreeStringColumns = [3, 4, 5, 6, 9, 10, 11, 12, 13, 14, 15];

    private static ProcessNode Node(PartitionInfo partition, object?[] v, IReadOnlyDictionary<long, string> strings, int depth)
    {
        Guid? G(int i) => v[i] is byte[] b ? new Guid(b, bigEndian: true) : null;
        long? L(int i) => v[i] as long?;
        string? S(int i) => v[i] is long id && strings.TryGetValue(id, out var text) ? text : null;
        return new ProcessNode(G(0) ?? Guid.Empty, L(1), S(3), S(4), S(5), S(6), L(2), G(7), L(8), S(9), S(10),
            partition.MinTicks ?? partition.BaseTicks, depth)
        {
            Ancestry = Ancestry(S(11), S(12), S(13), S(14), S(15)),
            Fields = ProcessFieldDecoder.Decode(v[TreeColumns.Length..], strings),
        };
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

    /// <summary>One process row as stored: its partition and the <see cref="TreeColumns"/> (string ids undecoded).</summary>
    private sealed record RawProcessRow(PartitionInfo Partition, object?[] Values)
    {
        public Guid Guid => Values[0] is byte[] b ? new Guid(b, bigEndian: true) : Guid.Empty;
        public long? StartTicks => Values[2] as long?;
        public long FirstSeen => Partition.MinTicks ?? Partition.BaseTicks;
    }

    /// <summary>
    /// Process rows matching <paramref name="where"/> in every partition, oldest partition first, decoded: raw columns
    /// from one statement of small index probes (no per-row string lookups to prepare), then their strings in batches.
    /// </summary>
    private List<ProcessNode> ProcessRowsWhere(string where, Action<SqliteCommand> bind, int depth, int limit = int.MaxValue) =>
        DecodeProcessRows(RawProcessRowsWhere(where, bind, limit), depth);

    private List<RawProcessRow> RawProcessRowsWhere(string where, Action<SqliteCommand> bind, int limit = int.MaxValue)
    {
        var rows = new List<RawProcessRow>();
        var withTables = _store.Partitions.Where(p => _store.Tables.Contains(SqlNames.Processes(p.Number))).ToList();
        var columns = string.Join(", ", TreeColumns.Select(c => "p." + c));
        var width = TreeColumns.Length + ProcessFieldDecoder.Columns.Count;
        foreach (var chunk in withTables.Chunk(MaxCompound))
        {
            using var command = _store.Connection.CreateCommand();
            command.CommandText = string.Join(" UNION ALL ", chunk.Select(p =>
                    $"SELECT {p.Number}, {columns}, {ProcessFieldDecoder.SelectList(_store.ColumnsOf(SqlNames.Processes(p.Number)), "p.")} FROM {SqlNames.Processes(p.Number)} p WHERE {where}"))
                + (limit == int.MaxValue ? "" : $" LIMIT {limit - rows.Count}");
            bind(command);
            using var reader = command.ExecuteReader();
            var byNumber = chunk.ToDictionary(p => p.Number);
            while (reader.Read())
            {
                var values = new object?[width];
                for (var i = 0; i < values.Length; i++) values[i] = reader.IsDBNull(i + 1) ? null : reader.GetValue(i + 1);
                rows.Add(new RawProcessRow(byNumber[reader.GetInt64(0)], values));
            }
            if (rows.Count >= limit) break;
        }
        return rows;
    }

    /// <summary>The nodes of <paramref name="rows"/>, in order, their strings looked up partition by partition in batches.</summary>
    private List<ProcessNode> DecodeProcessRows(IReadOnlyList<RawProcessRow> rows, int depth)
    {
        var ids = rows.GroupBy(r => r.Partition.Number).ToDictionary(g => g.Key,
            g => g.SelectMany(r => TreeStringColumns.Select(i => r.Values[i]).OfType<long>().Concat(ProcessFieldDecoder.StringIds(r.Values[TreeColumns.Length..]))).ToHashSet());
        var strings = PartitionLookup.Strings(_store.Connection, ids);
        return rows.Select(r => Node(r.Partition, r.Values, strings.TryGetValue(r.Partition.Number, out var t) ? t : new Dictionary<long, string>(), depth)).ToList();
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

    /// <summary>
    /// The distinct children of <paramref name="parent"/>, newest partition first, read lazily: a shell with thousands
    /// of children is described from its first one without listing the others.
    /// </summary>
    private IEnumerable<Guid> Children(Guid parent)
    {
        var seen = new HashSet<Guid>();
        var bytes = GuidBytes(parent);
        foreach (var partition in _store.Partitions.Reverse())
        {
            if (!_store.Tables.Contains(SqlNames.Processes(partition.Number))) continue;
            var found = new List<Guid>();
            using (var command = _store.Connection.CreateCommand())
            {
                command.CommandText = $"SELECT DISTINCT guid FROM {SqlNames.Processes(partition.Number)} WHERE parent_guid = $g AND guid IS NOT NULL";
                command.Parameters.AddWithValue("$g", bytes);
                using var reader = command.ExecuteReader();
                while (reader.Read()) found.Add(new Guid((byte[])reader.GetValue(0), bigEndian: true));
            }
            foreach (var child in found)
                if (seen.Add(child)) yield return child;
        }
    }

    /// <summary>Every process that held <paramref name="pid"/>: its first recorded row, by start time.</summary>
    private List<RawProcessRow> Candidates(long pid)
    {
        var byGuid = new Dictionary<Guid, RawProcessRow>();
        foreach (var row in RawProcessRowsWhere("p.pid = $pid AND p.guid IS NOT NULL", c => c.Parameters.AddWithValue("$pid", pid)))
            byGuid.TryAdd(row.Guid, row);
        return byGuid.Values.OrderBy(r => r.StartTicks ?? r.FirstSeen).ToList();
    }
}

/// <summary>One process in a tree. <see cref="Depth"/> is 0 for the process asked about, negative for ancestors, positive for descendants.</summary>
public sealed record ProcessNode(Guid Guid, long? Pid, string? Path, string? CommandLine, string? UserName, string? EffectiveUserName,
    long? StartTicks, Guid? ParentGuid, long? ParentPid, string? ParentPath, string? ParentCommandLine, long FirstSeenTicks, int Depth)
{
    /// <summary>Its ancestors as recorded with it (parent first), which names ancestors that left no events.</summary>
    public IReadOnlyList<ProcessAncestor> Ancestry { get; init; } = [];

    /// <summary>Its whole recorded context as <c>process.*</c> fields; empty for an ancestor known only from its descendants.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> Fields { get; init; } = [];

    /// <summary>When the process started, if recorded.</summary>
    public DateTime? StartTime => StartTicks is { } t ? new DateTime(t, DateTimeKind.Utc) : null;

    /// <summary>The process under the journal's names, after its place in the tree (<c>tree.relation</c>, <c>tree.depth</c>).</summary>
    public EventRecord ToRecord(string relation, int depth)
    {
        var record = new EventRecord { { "tree.relation", relation }, { "tree.depth", depth } };
        if (Fields.Count > 0)
        {
            foreach (var (name, value) in Fields) record.Add(name, value);
            return record;
        }
        // Known only from what a descendant recorded about it.
        record.Add("process.guid", Guid == Guid.Empty ? null : Guid.ToString());
        record.Add("process.pid", Pid);
        record.Add("process.start_time", StartTime?.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture));
        record.Add("process.path", Path);
        record.Add("process.cmd", CommandLine);
        record.Add("process.user_name", UserName);
        record.Add("process.parent_guid", ParentGuid is { } parent && parent != Guid.Empty ? parent.ToString() : null);
        record.Add("process.parent_pid", ParentPid);
        record.Add("process.parent_path", ParentPath);
        record.Add("process.parent_cmd", ParentCommandLine);
        return record;
    }
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
            return new QueryResult(columns, Candidates.Select(c => Row(c, "candidate", 0)).ToList(), Message,
                Candidates.Select(c => c.ToRecord("candidate", 0)).ToList());

        var rows = new List<object?[]>();
        var records = new List<EventRecord>();
        void Add(ProcessNode node, string relation, int indent)
        {
            rows.Add(Row(node, relation, indent));
            records.Add(node.ToRecord(relation, node.Depth));
        }
        for (var i = Ancestors.Count - 1; i >= 0; i--) Add(Ancestors[i], "ancestor", Ancestors.Count - 1 - i);
        Add(Root, "process", Ancestors.Count);
        // Depth-first below the root, so children sit under their parent.
        var childrenOf = Descendants.GroupBy(d => d.ParentGuid ?? Guid.Empty).ToDictionary(g => g.Key, g => g.ToList());
        void Walk(ProcessNode node)
        {
            if (!childrenOf.TryGetValue(node.Guid, out var children)) return;
            foreach (var child in children)
            {
                Add(child, "descendant", Ancestors.Count + child.Depth);
                Walk(child);
            }
        }
        Walk(Root);
        return new QueryResult(columns, rows, Message, records);
    }

    private static object?[] Row(ProcessNode n, string relation, int indent) =>
    [
        relation, n.Pid, new string(' ', indent * 2) + (n.Path ?? "?"), n.UserName,
        n.StartTime?.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture), n.CommandLine, n.Guid == Guid.Empty ? null : n.Guid.ToString(),
    ];
}

using Recorder.Plugins.Sinks.Sqlite.Storage;

namespace Recorder.Plugins.Sinks.Sqlite.Queries;

/// <summary>Which end of the history a question starts from.</summary>
internal enum SearchOrder
{
    /// <summary>Most recent first (<c>file</c>, <c>net</c>): the last thing that touched a file is what is asked about.</summary>
    NewestFirst,
    /// <summary>In time order from the start of the window (<c>timeline</c>).</summary>
    OldestFirst,
}

/// <summary>
/// Finds events across partitions without reading more of the store than the answer needs. Partitions are visited
/// from the end the question starts at (newest first by their latest event, or oldest first by their earliest), each
/// returns at most one page of rows (limit + 1) in row key (= time) order, and the walk stops as soon as no
/// partition left can hold a row that would make the cut. Partitions may overlap in time (late events land in the
/// partition being written), which is why the stop test compares the time bounds of the next partition instead of
/// stopping at the first full page. Rows are read raw (integers); only the rows kept are decoded
/// (<see cref="EventDecoder"/>).
/// </summary>
internal sealed class EventSearch
{
    /// <summary>
    /// The condition on the raw columns of <c>e</c> that selects matching rows of one partition's table of a type:
    /// <c>""</c> for every row, null when the table cannot match (it is not read).
    /// </summary>
    public delegate string? TableCondition(PartitionInfo partition, StoredType type, IReadOnlySet<string> columns);

    /// <summary>
    /// Called with the next few partitions before they are read, so a filter can look up what it needs in them in one
    /// statement (string ids, process rows) instead of in every partition of the store up front.
    /// </summary>
    public delegate void Prepare(IReadOnlyList<PartitionInfo> partitions);

    /// <summary>Whether a prepared partition can hold a match at all (its string table has the path, it saw the process).</summary>
    public delegate bool MayMatch(PartitionInfo partition);

    // Partitions prepared at once: enough to make one statement of a busy answer, few enough to stop early.
    private const int PrepareChunk = 8;

    private readonly RecorderStore _store;

    public EventSearch(RecorderStore store) => _store = store;

    /// <summary>How many partitions the last search read (for tests and the benchmark).</summary>
    public int PartitionsRead { get; private set; }

    /// <summary>
    /// Up to <paramref name="limit"/> + 1 events between <paramref name="fromTicks"/> and <paramref name="toTicks"/>
    /// (the extra one tells the caller there is more), in <paramref name="order"/>, decoded.
    /// </summary>
    public List<FoundEvent> Find(SearchOrder order, long fromTicks, long toTicks, int limit, TableCondition condition,
        Prepare? prepare = null, MayMatch? mayMatch = null)
    {
        var wanted = limit == int.MaxValue ? limit : limit + 1;
        var newestFirst = order == SearchOrder.NewestFirst;
        var partitions = _store.Partitions
            .Where(p => p.MinTicks is { } min && p.MaxTicks is { } max && max >= fromTicks && min <= toTicks)
            .ToList();
        partitions = newestFirst
            ? partitions.OrderByDescending(p => p.MaxTicks).ThenByDescending(p => p.Number).ToList()
            : partitions.OrderBy(p => p.MinTicks).ThenBy(p => p.Number).ToList();

        var comparer = Comparer<FoundEvent>.Create(newestFirst
            ? (a, b) => b.Ticks != a.Ticks ? b.Ticks.CompareTo(a.Ticks) : b.EventId.CompareTo(a.EventId)
            : (a, b) => a.Ticks != b.Ticks ? a.Ticks.CompareTo(b.Ticks) : a.EventId.CompareTo(b.EventId));
        var kept = new List<FoundEvent>();
        PartitionsRead = 0;
        for (var i = 0; i < partitions.Count; i++)
        {
            var partition = partitions[i];
            // Full, and this partition (and so every one after it) lies wholly beyond the last row kept.
            if (kept.Count >= wanted && (newestFirst ? partition.MaxTicks < kept[^1].Ticks : partition.MinTicks > kept[^1].Ticks)) break;
            if (prepare is not null && i % PrepareChunk == 0) prepare(partitions.Skip(i).Take(PrepareChunk).ToList());
            // Skipped before any of its tables is looked at.
            if (mayMatch is not null && !mayMatch(partition)) continue;
            PartitionsRead++;
            // A partition wholly inside the window needs no key range (which would only tempt the planner into a scan).
            var window = fromTicks <= partition.MinTicks && partition.MaxTicks <= toTicks
                ? ""
                : $"e.k BETWEEN {TimeKey.Lowest(Math.Max(fromTicks, partition.MinTicks!.Value), partition.BaseTicks)} " +
                  $"AND {TimeKey.Highest(Math.Min(toTicks, partition.MaxTicks!.Value), partition.BaseTicks)}";
            kept.AddRange(ReadPartition(partition, window, condition, newestFirst, wanted));
            // Sorting is only needed once the stop test can use it: when at least a page of rows is kept.
            if (kept.Count < wanted) continue;
            kept.Sort(comparer);
            kept.RemoveRange(wanted, kept.Count - wanted);
        }
        kept.Sort(comparer);

        new EventDecoder(_store).Decode(kept);
        return kept;
    }

    /// <summary>
    /// The matching rows of one partition, undecoded, in key order from the end the search starts at: one statement
    /// whose <c>UNION ALL</c> terms are the partition's tables of every type that can match, their field columns side by
    /// side (a type's fields from the ninth result column on, padded with nulls to the widest type).
    /// </summary>
    private List<FoundEvent> ReadPartition(PartitionInfo partition, string window, TableCondition condition, bool newestFirst, int wanted)
    {
        var terms = new List<string>();
        var types = new List<(StoredType Type, bool FirstLayout)>();
        var width = _store.Types.Values.Max(t => t.Fields.Count);
        foreach (var type in _store.Types.Values)
        {
            var table = SqlNames.Events(partition.Number, type.TableName);
            if (!_store.Tables.Contains(table)) continue;
            var columns = _store.ColumnsOf(table);
            if (condition(partition, type, columns) is not { } where) continue;
            var filter = where.Length == 0 ? window : window.Length == 0 ? where : $"{window} AND ({where})";

            var firstLayout = !columns.Contains(EventHeader.Column);
            var select = new List<string> { types.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), "e.k", "e.id", "e.proc" };
            // Header: hdr, or the four columns of the first layout.
            select.AddRange(firstLayout ? ["NULL", "e.outcome", "e.result", "e.collector", "e.tags"] : ["e." + EventHeader.Column, "NULL", "NULL", "NULL", "NULL"]);
            foreach (var f in type.Fields) select.Add(columns.Contains(f.Column) ? "e." + SqlNames.Quote(f.Column) : "NULL");
            for (var i = type.Fields.Count; i < width; i++) select.Add("NULL");
            terms.Add($"SELECT {string.Join(", ", select)} FROM {table} e" + (filter.Length == 0 ? "" : $" WHERE {filter}"));
            types.Add((type, firstLayout));
        }
        var rows = new List<FoundEvent>();
        if (terms.Count == 0) return rows;

        using var command = _store.Connection.CreateCommand();
        // Column 2 is the row key: the time order of every table.
        command.CommandText = string.Join(" UNION ALL ", terms) + $" ORDER BY 2 {(newestFirst ? "DESC" : "ASC")} LIMIT {wanted}";
        using var reader = command.ExecuteReader();
        long? L(int i) => reader.IsDBNull(i) ? null : reader.GetInt64(i);
        while (reader.Read())
        {
            var (type, firstLayout) = types[reader.GetInt32(0)];
            var raw = new object?[type.Fields.Count];
            for (var i = 0; i < raw.Length; i++) raw[i] = reader.IsDBNull(FieldsStart + i) ? null : reader.GetValue(FieldsStart + i);
            var ticks = TimeKey.Ticks(reader.GetInt64(1), partition.BaseTicks);
            rows.Add(firstLayout
                ? new FoundEvent(partition, type, ticks, L(2) ?? 0, L(3), raw) { FirstLayoutHeader = (L(5), L(6), L(7), L(8)) }
                : new FoundEvent(partition, type, ticks, L(2) ?? 0, L(3), raw) { HeaderId = L(4) });
        }
        return rows;
    }

    // Type ordinal, k, id, proc, hdr, outcome, result, collector, tags: the fields follow.
    private const int FieldsStart = 9;
}

namespace Recorder.Plugins.Sinks.Sqlite.Storage;

/// <summary>
/// The row key of an event table doubles as its time index: <c>(ticks - partition base) * 16 + sequence</c>.
/// A range of times is a range of rowids, so time queries need no secondary index. The low four bits keep
/// events of the same 100 ns tick apart; a rare clash is retried with the next free key. The base sits an hour
/// before the partition's first event, so keys stay under 2^42 (a 6-byte row key) for the first 7.6 hours of a
/// partition; events later than that hour get negative keys, which sort and decode the same.
/// </summary>
internal static class TimeKey
{
    public const int SequenceBits = 4;
    public const long SequenceMask = (1 << SequenceBits) - 1;

    public static long Encode(long ticks, long baseTicks, long sequence) =>
        ((ticks - baseTicks) << SequenceBits) | (sequence & SequenceMask);

    /// <summary>The smallest key an event at <paramref name="ticks"/> can have.</summary>
    public static long Lowest(long ticks, long baseTicks) => (ticks - baseTicks) << SequenceBits;

    /// <summary>The largest key an event at <paramref name="ticks"/> can have.</summary>
    public static long Highest(long ticks, long baseTicks) => ((ticks - baseTicks) << SequenceBits) | SequenceMask;

    /// <summary>The ticks of row key <paramref name="key"/> (exact for negative keys too).</summary>
    public static long Ticks(long key, long baseTicks) => baseTicks + (key - (key & SequenceMask)) / (1 << SequenceBits);

    /// <summary>SQL that turns key column <paramref name="keyColumn"/> back into ticks (exact for negative keys too).</summary>
    public static string TicksSql(string keyColumn, long baseTicks) =>
        $"({baseTicks} + ({keyColumn} - ({keyColumn} & {SequenceMask})) / {1 << SequenceBits})";

    /// <summary>How long before a partition's first event its keys are counted from: late events stay positive.</summary>
    public const long LateSlackTicks = TimeSpan.TicksPerHour;

    /// <summary>The time a partition's keys are counted from, for a partition whose first event is at <paramref name="firstTicks"/>.</summary>
    public static long BaseFor(long firstTicks) => firstTicks - LateSlackTicks;

    /// <summary>The UTC day (days since year 1) of the first event of a partition whose base is <paramref name="baseTicks"/>.</summary>
    public static long DayOf(long baseTicks) => (baseTicks + LateSlackTicks) / TimeSpan.TicksPerDay;
}

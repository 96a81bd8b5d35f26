namespace Recorder.Plugins.Sinks.Sqlite.Storage;

/// <summary>
/// The row key of an event table doubles as its time index: <c>(ticks - partition base) * 16 + sequence</c>.
/// A range of times is a range of rowids, so time queries need no secondary index. The low four bits keep
/// events of the same 100 ns tick apart; a rare clash is retried with the next free key.
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

    /// <summary>SQL that turns key column <paramref name="keyColumn"/> back into ticks (exact for negative keys too).</summary>
    public static string TicksSql(string keyColumn, long baseTicks) =>
        $"({baseTicks} + ({keyColumn} - ({keyColumn} & {SequenceMask})) / {1 << SequenceBits})";

    /// <summary>The UTC day a partition's keys are counted from: one day before the first event, so late events stay positive.</summary>
    public static long BaseFor(long firstTicks) => (firstTicks / TimeSpan.TicksPerDay - 1) * TimeSpan.TicksPerDay;
}

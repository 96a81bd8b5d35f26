namespace Recorder.Plugins.Sinks.Kafka;

/// <summary>A place in the spool: a segment's number and a byte offset in it (just after a line).</summary>
public readonly record struct SpoolPosition(long Segment, long Offset) : IComparable<SpoolPosition>
{
    /// <inheritdoc />
    public int CompareTo(SpoolPosition other) => Segment != other.Segment ? Segment.CompareTo(other.Segment) : Offset.CompareTo(other.Offset);

    /// <summary>Whether <paramref name="a"/> lies after <paramref name="b"/>.</summary>
    public static bool operator >(SpoolPosition a, SpoolPosition b) => a.CompareTo(b) > 0;
    /// <summary>Whether <paramref name="a"/> lies before <paramref name="b"/>.</summary>
    public static bool operator <(SpoolPosition a, SpoolPosition b) => a.CompareTo(b) < 0;
    /// <summary>Whether <paramref name="a"/> lies at or after <paramref name="b"/>.</summary>
    public static bool operator >=(SpoolPosition a, SpoolPosition b) => a.CompareTo(b) >= 0;
    /// <summary>Whether <paramref name="a"/> lies at or before <paramref name="b"/>.</summary>
    public static bool operator <=(SpoolPosition a, SpoolPosition b) => a.CompareTo(b) <= 0;
}

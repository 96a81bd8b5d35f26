namespace Recorder.Plugins.Sinks.Sqlite.Storage;

/// <summary>
/// FNV-1a over UTF-16 code units. Stored beside each interned string so a string can be found again by value
/// through a small integer index; it must never change between versions (unlike <see cref="string.GetHashCode()"/>).
/// The store keeps it folded to 32 bits (<see cref="Stored"/>: 4 bytes in the row and in the index instead of 8);
/// partitions of the first layout hold the full 64 bits, so lookups ask for both.
/// </summary>
internal static class StableStringHash
{
    /// <summary>The value written to <c>h</c>: the 64-bit hash folded to a signed 32-bit integer.</summary>
    public static long Stored(ReadOnlySpan<char> text)
    {
        var hash = Compute(text);
        return unchecked((int)(hash ^ (hash >> 32)));
    }

    /// <summary>The full 64-bit hash (what the first layout stored).</summary>
    public static long Compute(ReadOnlySpan<char> text)
    {
        ulong hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        return unchecked((long)hash);
    }
}

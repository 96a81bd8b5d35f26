namespace Recorder.Plugins.Sinks.Sqlite.Storage;

/// <summary>
/// FNV-1a over UTF-16 code units. Stored beside each interned string so a string can be found again by value
/// through a small integer index; it must never change between versions (unlike <see cref="string.GetHashCode()"/>).
/// </summary>
internal static class StableStringHash
{
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

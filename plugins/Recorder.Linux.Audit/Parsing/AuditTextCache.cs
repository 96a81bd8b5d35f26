namespace Recorder.Linux.Audit.Parsing;

/// <summary>
/// The decoded text of field values seen recently. Most values repeat from one event to the next (the executable,
/// working directory, terminal, rule key, command line and paths of a busy process), so each is decoded and
/// allocated once instead of per event, and every event after that shares the string. Direct-mapped on a hash of
/// the raw bytes: a collision replaces the entry, so memory stays bounded. Not thread-safe: one per pipeline.
/// </summary>
public sealed class AuditTextCache
{
    private const int Slots = 1024; // a power of two
    /// <summary>Longer values (a long command line) are decoded every time: they rarely repeat exactly.</summary>
    public const int MaxCachedLength = 256;

    private readonly Entry[] _entries = new Entry[Slots];

    private struct Entry
    {
        public byte[]? Raw; // MaxCachedLength bytes, reused when the slot is replaced
        public int Length;
        public int Mode;
        public string? Text;
    }

    /// <summary>Same result as <see cref="AuditValueDecoder.DecodeText"/>, from the cache when the value was seen.</summary>
    public string? Decode(ReadOnlySpan<byte> value, bool quoted, bool encodable)
    {
        if (value.Length > MaxCachedLength) return AuditValueDecoder.DecodeText(value, quoted, encodable);
        var mode = (quoted ? 1 : 0) | (encodable ? 2 : 0);
        var hash = new HashCode();
        hash.AddBytes(value);
        hash.Add(mode);
        ref var entry = ref _entries[hash.ToHashCode() & (Slots - 1)];
        if (entry.Raw is not null && entry.Mode == mode && entry.Length == value.Length &&
            value.SequenceEqual(entry.Raw.AsSpan(0, entry.Length)))
        {
            return entry.Text;
        }
        var text = AuditValueDecoder.DecodeText(value, quoted, encodable);
        entry.Raw ??= new byte[MaxCachedLength];
        value.CopyTo(entry.Raw);
        entry.Length = value.Length;
        entry.Mode = mode;
        entry.Text = text;
        return text;
    }
}

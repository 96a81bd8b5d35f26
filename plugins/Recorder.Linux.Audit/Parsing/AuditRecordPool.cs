namespace Recorder.Linux.Audit.Parsing;

/// <summary>
/// Recycles <see cref="AuditRecord"/> instances (and their buffers) so a steady stream of records allocates
/// nothing. Not thread-safe: one pool per pipeline thread.
/// </summary>
public sealed class AuditRecordPool
{
    private readonly Stack<AuditRecord> _free = new();
    private readonly int _maxRetained;

    /// <summary>Creates a pool that keeps at most <paramref name="maxRetained"/> idle records.</summary>
    public AuditRecordPool(int maxRetained = 4096) => _maxRetained = maxRetained;

    /// <summary>Text of recent field values, shared by the pool's records (values repeat from event to event).</summary>
    public AuditTextCache TextCache { get; } = new();

    /// <summary>An empty record.</summary>
    public AuditRecord Rent()
    {
        if (_free.TryPop(out var record)) return record;
        return new AuditRecord { TextCache = TextCache };
    }

    /// <summary>Gives a record back; it must not be used afterwards.</summary>
    public void Return(AuditRecord record)
    {
        if (_free.Count >= _maxRetained) return;
        record.Reset();
        _free.Push(record);
    }
}

using Recorder.Linux.Audit.Parsing;

namespace Recorder.Linux.Audit.Assembly;

/// <summary>
/// The records of one audit event (same serial and timestamp), in arrival order, as the assembler hands them over.
/// Valid only during the completion callback: the records go back to the pool afterwards.
/// </summary>
public sealed class AuditEventGroup
{
    private readonly List<AuditRecord> _records = new(8);

    /// <summary>Serial number shared by the records.</summary>
    public uint Serial { get; private set; }

    /// <summary>Event time, milliseconds since the Unix epoch.</summary>
    public long UnixTimeMilliseconds { get; private set; }

    /// <summary>Event time as UTC.</summary>
    public DateTime Time => DateTime.UnixEpoch.AddMilliseconds(UnixTimeMilliseconds);

    /// <summary>How the event was completed.</summary>
    public AuditGroupCompletion Completion { get; internal set; }

    /// <summary>The records in arrival order.</summary>
    public IReadOnlyList<AuditRecord> Records => _records;

    /// <summary>Number of records.</summary>
    public int Count => _records.Count;

    /// <summary>Type of the first record (the event's main record: SYSCALL, USER_AUTH, ...).</summary>
    public int PrimaryType => _records.Count == 0 ? 0 : _records[0].Type;

    /// <summary>The first record of a type, or null.</summary>
    public AuditRecord? Find(int type)
    {
        foreach (var r in _records)
        {
            if (r.Type == type) return r;
        }
        return null;
    }

    /// <summary>True when a record of the type is present.</summary>
    public bool Contains(int type) => Find(type) is not null;

    internal long ArrivalMilliseconds { get; private set; }
    internal int Generation { get; private set; }
    internal bool InFlight { get; set; }

    internal void Start(AuditRecord first, long now)
    {
        Serial = first.Serial;
        UnixTimeMilliseconds = first.UnixTimeMilliseconds;
        ArrivalMilliseconds = now;
        Completion = AuditGroupCompletion.EndOfEvent;
        _records.Add(first);
    }

    internal void Add(AuditRecord record) => _records.Add(record);

    internal void Release(AuditRecordPool pool)
    {
        foreach (var r in _records) pool.Return(r);
        _records.Clear();
        InFlight = false;
        Generation++;
    }
}

/// <summary>Why an event was handed over.</summary>
public enum AuditGroupCompletion
{
    /// <summary>EOE arrived, or the record type stands alone.</summary>
    EndOfEvent,
    /// <summary>No EOE within the timeout (normal on old kernels that send none).</summary>
    TimedOut,
    /// <summary>Pushed out early because too many events were in flight.</summary>
    Evicted,
    /// <summary>Handed over at the end of the stream.</summary>
    EndOfStream,
}

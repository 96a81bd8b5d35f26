namespace Recorder.Host.Pipeline;

/// <summary>
/// Host-unique, increasing event ids. Seeded with the current time in microseconds since the Unix epoch, so
/// ids keep increasing across restarts without a stored high-water mark (unless more than a million events
/// per second were recorded for longer than the downtime, which a persisted floor also guards against).
/// </summary>
public sealed class EventIdGenerator
{
    private long _last;

    /// <summary>Creates a generator whose first id is above both the clock and <paramref name="floor"/>.</summary>
    public EventIdGenerator(long floor = 0)
    {
        var now = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10;
        _last = Math.Max(now, floor);
    }

    /// <summary>The next id.</summary>
    public long Next() => Interlocked.Increment(ref _last);

    /// <summary>The last id handed out.</summary>
    public long Last => Interlocked.Read(ref _last);
}

namespace Recorder.Host.Pipeline;

/// <summary>
/// Host-unique, increasing event ids. Seeded with the current time in microseconds since the Unix epoch, so
/// ids keep increasing across restarts without a stored high-water mark, as long as the recorder averaged
/// under a million events per second and the clock did not step back.
/// </summary>
public sealed class EventIdGenerator
{
    private long _last;

    /// <summary>Creates a generator whose first id is above the clock's microseconds.</summary>
    public EventIdGenerator() => _last = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10;

    /// <summary>The next id.</summary>
    public long Next() => Interlocked.Increment(ref _last);
}

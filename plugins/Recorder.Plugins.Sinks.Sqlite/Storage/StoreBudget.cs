namespace Recorder.Plugins.Sinks.Sqlite.Storage;

/// <summary>How much history a store keeps: at most <see cref="MaxAge"/> old and <see cref="MaxBytes"/> on disk.</summary>
public sealed record StoreBudget(TimeSpan MaxAge, long MaxBytes)
{
    /// <summary>Retention starts dropping above this, leaving room for the batch in flight and the WAL.</summary>
    public long HighWaterBytes => MaxBytes - MaxBytes / 32;

    /// <summary>
    /// A partition is closed once it holds this much: dropping one frees at most 1/20 of the budget, and its
    /// indexes stay small enough that a batch's random index inserts touch few pages (each touched page is
    /// rewritten to the WAL at commit, so large partitions write several times more).
    /// </summary>
    public long PartitionBytes => Math.Clamp(MaxBytes / 20, 256 * 1024, 16L * 1024 * 1024);
}

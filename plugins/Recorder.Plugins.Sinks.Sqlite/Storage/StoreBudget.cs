namespace Recorder.Plugins.Sinks.Sqlite.Storage;

/// <summary>How much history a store keeps: at most <see cref="MaxAge"/> old and <see cref="MaxBytes"/> on disk.</summary>
public sealed record StoreBudget(TimeSpan MaxAge, long MaxBytes)
{
    /// <summary>Retention starts dropping above this, leaving room for the batch in flight and the WAL.</summary>
    public long HighWaterBytes => MaxBytes - MaxBytes / 32;

    /// <summary>A partition is closed once it holds this much, so dropping one frees a small share of the budget.</summary>
    public long PartitionBytes => Math.Max(MaxBytes / 20, 256 * 1024);
}

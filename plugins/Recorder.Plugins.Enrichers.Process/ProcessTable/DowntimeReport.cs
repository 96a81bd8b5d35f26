namespace Recorder.Plugins.Enrichers.Process.ProcessTable;

/// <summary>
/// What changed while the recorder was not running, from the snapshot saved at the last stop and /proc now.
/// </summary>
/// <param name="SnapshotFound">False on a first start (or when the snapshot was unreadable): nothing to compare.</param>
/// <param name="SameBoot">False when the machine rebooted since: every saved process exited and every running one is new.</param>
/// <param name="SavedAtUtc">When the snapshot was saved.</param>
/// <param name="Downtime">Time between the snapshot and this start.</param>
/// <param name="StartedWhileDown">Running now but absent from the snapshot.</param>
/// <param name="ExitedWhileDown">Running in the snapshot but gone now.</param>
/// <param name="StillRunning">Running then and now (they keep their GUIDs).</param>
public sealed record DowntimeReport(bool SnapshotFound, bool SameBoot, DateTime SavedAtUtc, TimeSpan Downtime,
    int StartedWhileDown, int ExitedWhileDown, int StillRunning)
{
    /// <summary>The report of a first start.</summary>
    public static DowntimeReport None { get; } = new(false, true, default, TimeSpan.Zero, 0, 0, 0);
}

namespace Recorder.Linux.Audit.Assembly;

/// <summary>
/// Counts serial numbers skipped within one stream. Serials are per boot and wrap at 2^32, so distances are
/// taken modulo 2^32: a step forward of up to 2^31 is progress (anything skipped is a gap), a small step back is a
/// late record of an earlier event, and a large step back means the stream restarted (a reboot in a replayed log):
/// the tracker starts over without counting.
/// </summary>
internal struct SequenceTracker
{
    private const uint LateWindow = 4096;
    private bool _started;
    private uint _last;

    /// <summary>
    /// Observes a serial; returns how many serials were skipped before it. <paramref name="behind"/> is true when
    /// the serial is a little older than the newest seen (a record of an earlier event).
    /// </summary>
    public long Observe(uint serial, out bool behind)
    {
        behind = false;
        if (!_started)
        {
            _started = true;
            _last = serial;
            return 0;
        }
        var forward = unchecked(serial - _last);
        if (forward == 0) return 0;
        if (forward <= int.MaxValue)
        {
            _last = serial;
            return forward - 1;
        }
        var backward = unchecked(_last - serial);
        if (backward > LateWindow) _last = serial; // restart
        else behind = true;
        return 0;
    }

    /// <summary>Forgets the stream (a new connection starts counting afresh).</summary>
    public void Reset() => _started = false;
}

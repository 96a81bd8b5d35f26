using Recorder.Contracts.Events;
using Recorder.Plugins.Collectors.WindowsEtw.Mapping;

namespace Recorder.Plugins.Collectors.WindowsEtw.Live;

/// <summary>
/// Turns the session's cumulative loss counters (EventsLost, RealTimeBuffersLost), polled now and then, into loss
/// markers for the history: one per poll that saw the counters grow, covering the time since the previous poll.
/// </summary>
internal sealed class EtwLossMonitor
{
    private long _events;
    private long _buffers;
    private DateTime _lastPoll;

    public EtwLossMonitor(DateTime start) => _lastPoll = start;

    /// <summary>The markers for counters read at <paramref name="now"/>, empty when nothing more was lost.</summary>
    public IEnumerable<RecorderEvent> Poll(long eventsLost, long realTimeBuffersLost, DateTime now)
    {
        var since = _lastPoll;
        _lastPoll = now;
        if (eventsLost > _events)
            yield return TraceLoss.Marker(eventsLost - _events, "records", "events_lost", since, now);
        if (realTimeBuffersLost > _buffers)
            yield return TraceLoss.Marker(realTimeBuffersLost - _buffers, "buffers", "realtime_buffers_lost", since, now);
        _events = Math.Max(_events, eventsLost);
        _buffers = Math.Max(_buffers, realTimeBuffersLost);
    }
}

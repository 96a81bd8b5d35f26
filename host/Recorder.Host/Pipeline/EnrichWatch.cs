using System.Diagnostics;

namespace Recorder.Host.Pipeline;

/// <summary>
/// What one processing thread is doing inside an enricher, so that a watchdog can see a call that does not return
/// and abandon that thread. The thread and the watchdog agree through one word (call number and state), so exactly
/// one of them wins: either the call ends in time (the thread carries on) or the watchdog abandons it (the thread,
/// when the plugin ever lets it go, must stop touching the pipeline).
/// </summary>
internal sealed class EnrichWatch
{
    private const long Idle = 0, InCall = 1, Abandoned = 2, StateMask = 3;
    private long _word;
    private long _calls;
    private long _startedTimestamp;
    private EnricherSlot? _slot;

    /// <summary>The enricher of the latest call (the hung one, once abandoned).</summary>
    public EnricherSlot? Slot => _slot;

    /// <summary>Marks the start of a call into <paramref name="slot"/>; returns the token to pass to <see cref="End"/>.</summary>
    public long Begin(EnricherSlot slot)
    {
        _slot = slot;
        Volatile.Write(ref _startedTimestamp, Stopwatch.GetTimestamp());
        var word = (++_calls << 2) | InCall;
        Volatile.Write(ref _word, word);
        return word;
    }

    /// <summary>True when the call ended in time; false when the watchdog abandoned this thread meanwhile.</summary>
    public bool End(long token) => Interlocked.CompareExchange(ref _word, token & ~StateMask, token) == token;

    /// <summary>The slot of a call running longer than <paramref name="deadline"/>, now abandoned; null when none is.</summary>
    public EnricherSlot? TryAbandon(TimeSpan deadline)
    {
        var word = Volatile.Read(ref _word);
        if ((word & StateMask) != InCall) return null;
        var started = Volatile.Read(ref _startedTimestamp);
        var slot = _slot;
        // Still the same call? (Otherwise the timestamp and slot may belong to the next one.)
        if (Volatile.Read(ref _word) != word) return null;
        if (Stopwatch.GetElapsedTime(started) < deadline) return null;
        return Interlocked.CompareExchange(ref _word, (word & ~StateMask) | Abandoned, word) == word ? slot : null;
    }
}

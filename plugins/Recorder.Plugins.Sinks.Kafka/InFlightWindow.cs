namespace Recorder.Plugins.Sinks.Kafka;

/// <summary>
/// Messages handed to the producer and not yet acknowledged, in spool order. Delivery reports arrive in any order
/// (partitions are independent); the acknowledged position only moves over an unbroken run of delivered messages,
/// so the durable cursor never passes a message Kafka has not confirmed. The window is bounded in messages and in
/// bytes: what does not fit waits in the spool, where the budget governs it, instead of in the producer's memory.
/// </summary>
internal sealed class InFlightWindow
{
    private const byte Pending = 0, Delivered = 1, Failed = 2;
    private readonly Lock _gate = new();
    private readonly SpoolPosition[] _positions;
    private readonly long[] _times;
    private readonly byte[] _states;
    private readonly int[] _sizes;
    private readonly int _mask;
    private readonly long _maxBytes;
    private long _head, _tail, _pendingBytes;
    private SpoolPosition _acknowledged;
    private bool _failed;

    public InFlightWindow(int capacityPowerOfTwo, long maxBytes, SpoolPosition acknowledged)
    {
        _sizes = new int[capacityPowerOfTwo];
        _maxBytes = maxBytes;
        _positions = new SpoolPosition[capacityPowerOfTwo];
        _times = new long[capacityPowerOfTwo];
        _states = new byte[capacityPowerOfTwo];
        _mask = capacityPowerOfTwo - 1;
        _acknowledged = acknowledged;
    }

    /// <summary>Messages waiting for a report.</summary>
    public long Count { get { lock (_gate) return _tail - _head; } }

    /// <summary>Whether another message fits: fewer messages than the capacity and fewer bytes than the bound wait for a report.</summary>
    public bool HasRoom { get { lock (_gate) return _tail - _head < _positions.Length && _pendingBytes < _maxBytes; } }

    /// <summary>Bytes of the messages that wait for a report (what the producer holds in memory).</summary>
    public long PendingBytes { get { lock (_gate) return _pendingBytes; } }

    /// <summary>Everything before this position was delivered.</summary>
    public SpoolPosition Acknowledged { get { lock (_gate) return _acknowledged; } }

    /// <summary>Time (Unix ms) of the oldest message not yet acknowledged, or null.</summary>
    public long? OldestPendingTime { get { lock (_gate) return _tail > _head ? _times[_head & _mask] : null; } }

    /// <summary>Whether a failure holds the cursor back: the window must be rewound once nothing is pending.</summary>
    public bool HasFailure { get { lock (_gate) return _failed; } }

    /// <summary>Adds a message of <paramref name="bytes"/> ending at <paramref name="end"/>; returns its sequence number for the report.</summary>
    public long Add(SpoolPosition end, long timeMs, int bytes)
    {
        lock (_gate)
        {
            var seq = _tail++;
            _sizes[seq & _mask] = bytes;
            _pendingBytes += bytes;
            _positions[seq & _mask] = end;
            _times[seq & _mask] = timeMs;
            _states[seq & _mask] = Pending;
            return seq;
        }
    }

    /// <summary>Records a report; returns how many messages the acknowledged position moved over.</summary>
    public int Report(long seq, bool delivered)
    {
        lock (_gate)
        {
            if (seq < _head || seq >= _tail) return 0; // from before a rewind
            if (_states[seq & _mask] != Pending) return 0;
            _states[seq & _mask] = delivered ? Delivered : Failed;
            _pendingBytes -= _sizes[seq & _mask];
            if (!delivered) _failed = true;
            var moved = 0;
            while (_head < _tail && _states[_head & _mask] == Delivered)
            {
                _acknowledged = _positions[_head & _mask];
                _head++;
                moved++;
            }
            return moved;
        }
    }

    /// <summary>Whether every message has a report (delivered or failed).</summary>
    public bool AllReported
    {
        get
        {
            lock (_gate)
            {
                for (var s = _head; s < _tail; s++)
                    if (_states[s & _mask] == Pending) return false;
                return true;
            }
        }
    }

    /// <summary>
    /// Forgets every message: those after <paramref name="from"/> (the spool's cursor) are sent again; those before it
    /// were in segments the spool dropped meanwhile, and the ones among them that failed are lost.
    /// </summary>
    public RewindResult Rewind(SpoolPosition from)
    {
        lock (_gate)
        {
            long resent = 0, gone = 0, lost = 0, first = long.MaxValue, last = long.MinValue;
            for (var s = _head; s < _tail; s++)
            {
                var i = s & _mask;
                if (_positions[i] > from) { resent++; continue; }
                gone++;
                if (_states[i] != Failed) continue;
                lost++;
                first = Math.Min(first, _times[i]);
                last = Math.Max(last, _times[i]);
            }
            _head = _tail;
            _pendingBytes = 0;
            _failed = false;
            _acknowledged = from;
            return new RewindResult(resent, gone, lost, lost > 0 ? first : null, lost > 0 ? last : null);
        }
    }
}

/// <summary>What a rewind found: messages to send again, messages whose segment is gone, and of those the failed (lost) ones with their time span (Unix ms).</summary>
internal readonly record struct RewindResult(long Resent, long Gone, long Lost, long? FirstLostMs, long? LastLostMs);

using System.Buffers.Binary;

namespace Recorder.Linux.Audit.Sources;

/// <summary>
/// A bounded single-producer, single-consumer ring of datagrams in one preallocated byte array. The receive
/// thread writes each datagram straight into the ring (no copy, no allocation); the processing thread reads
/// them in order. When the ring is full the producer is told so and drops, instead of waiting.
/// </summary>
/// <remarks>
/// Entry layout: a 4-byte length, then the datagram, padded to 8 bytes. A length of -1 marks "wrapped to the
/// start". Positions grow without bound (long); the array offset is position % capacity.
/// </remarks>
internal sealed class DatagramRing
{
    private const int HeaderSize = 8;
    private const int WrapMarker = -1;

    private readonly byte[] _buffer;
    private readonly int _maxDatagram;
    // No spinning before blocking: on a loaded machine the producer is rarely about to signal within a spin.
    private readonly ManualResetEventSlim _dataAvailable = new(false, spinCount: 1);
    private long _writePosition; // written by the producer only
    private long _readPosition;  // written by the consumer only
    private int _consumerWaiting;
    private long _lastDataTick = long.MinValue / 2; // consumer only: when it last found data

    /// <summary>
    /// How long after the last datagram the consumer keeps polling instead of blocking: long enough to take the rest
    /// of a burst (one syscall's records) in one more wake-up, short enough that a few hundred events a second,
    /// milliseconds apart, do not keep it waking every millisecond in between (50 ms cost ~1,000 wake-ups/s at 200 execs/s).
    /// </summary>
    private const int BusyWindowMilliseconds = 2;

    /// <summary>Creates a ring of <paramref name="capacity"/> bytes for datagrams up to <paramref name="maxDatagram"/> bytes.</summary>
    public DatagramRing(int capacity, int maxDatagram)
    {
        if (capacity < 4 * (maxDatagram + HeaderSize) || capacity % 8 != 0)
            throw new ArgumentOutOfRangeException(nameof(capacity), "must be a multiple of 8 holding at least four maximal datagrams");
        _buffer = new byte[capacity];
        _maxDatagram = maxDatagram;
    }

    /// <summary>Bytes queued and not yet consumed.</summary>
    public long QueuedBytes => Volatile.Read(ref _writePosition) - Volatile.Read(ref _readPosition);

    /// <summary>
    /// Producer: space for one datagram of up to the maximal size, or false when the ring is full (the caller
    /// receives into a scratch buffer instead and counts a drop).
    /// </summary>
    public bool TryReserve(out Memory<byte> slot)
    {
        var write = _writePosition;
        var offset = (int)(write % _buffer.Length);
        var needed = HeaderSize + _maxDatagram;
        var tail = _buffer.Length - offset;
        var skip = tail < needed ? tail : 0; // not enough room before the end: wrap to the start
        if (write + skip + needed - Volatile.Read(ref _readPosition) > _buffer.Length)
        {
            slot = default;
            return false;
        }
        if (skip != 0)
        {
            BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(offset), WrapMarker);
            write += skip;
            Volatile.Write(ref _writePosition, write);
            offset = 0;
        }
        slot = _buffer.AsMemory(offset + HeaderSize, _maxDatagram);
        return true;
    }

    /// <summary>Producer: publishes the datagram written into the last reserved slot.</summary>
    public void Commit(int length)
    {
        var offset = (int)(_writePosition % _buffer.Length);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(offset), length);
        var advance = (HeaderSize + length + 7) & ~7;
        Volatile.Write(ref _writePosition, _writePosition + advance);
        Interlocked.MemoryBarrier(); // publish before reading the consumer's waiting flag
        if (Volatile.Read(ref _consumerWaiting) != 0) _dataAvailable.Set();
    }

    /// <summary>
    /// Consumer: the oldest datagram, waiting up to <paramref name="timeout"/> for one. Call <see cref="Release"/>
    /// after processing it.
    /// </summary>
    public bool TryPeek(TimeSpan timeout, out ReadOnlySpan<byte> datagram)
    {
        while (!TryPeekNow(out datagram))
            if (!WaitForData(_readPosition, timeout)) return false;
        return true;
    }

    /// <summary>Consumer: the oldest datagram if one is queued, without waiting.</summary>
    public bool TryPeekNow(out ReadOnlySpan<byte> datagram)
    {
        while (true)
        {
            var read = _readPosition;
            if (Volatile.Read(ref _writePosition) == read) { datagram = default; return false; }
            var offset = (int)(read % _buffer.Length);
            var length = BinaryPrimitives.ReadInt32LittleEndian(_buffer.AsSpan(offset));
            if (length == WrapMarker)
            {
                Volatile.Write(ref _readPosition, read + (_buffer.Length - offset));
                continue;
            }
            datagram = _buffer.AsSpan(offset + HeaderSize, length);
            _lastDataTick = Environment.TickCount64;
            return true;
        }
    }

    /// <summary>Consumer: frees the datagram returned by the last <see cref="TryPeek"/>.</summary>
    public void Release()
    {
        var read = _readPosition;
        var length = BinaryPrimitives.ReadInt32LittleEndian(_buffer.AsSpan((int)(read % _buffer.Length)));
        Volatile.Write(ref _readPosition, read + ((HeaderSize + length + 7) & ~7));
    }

    /// <summary>Wakes a consumer blocked in <see cref="TryPeek"/> (used on stop).</summary>
    public void Wake() => _dataAvailable.Set();

    private bool WaitForData(long read, TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        // Under traffic, poll every millisecond instead of being woken per datagram: one wake-up then handles a
        // batch, where a wake-up per datagram would cost the producer a futex call for each record.
        while (Environment.TickCount64 - _lastDataTick < BusyWindowMilliseconds)
        {
            Thread.Sleep(1);
            if (Volatile.Read(ref _writePosition) != read) return true;
            if (Environment.TickCount64 >= deadline) return false;
        }
        // Quiet: block until the producer signals, so an idle recorder costs nothing.
        _dataAvailable.Reset();
        Volatile.Write(ref _consumerWaiting, 1);
        Interlocked.MemoryBarrier();
        try
        {
            if (Volatile.Read(ref _writePosition) != read) return true;
            var remaining = Math.Max(0, deadline - Environment.TickCount64);
            return _dataAvailable.Wait(TimeSpan.FromMilliseconds(remaining)) && Volatile.Read(ref _writePosition) != read;
        }
        finally
        {
            Volatile.Write(ref _consumerWaiting, 0);
        }
    }
}

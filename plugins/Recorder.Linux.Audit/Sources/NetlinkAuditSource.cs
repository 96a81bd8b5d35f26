using Recorder.Linux.Audit.Netlink;

namespace Recorder.Linux.Audit.Sources;

/// <summary>
/// Records from a netlink receive socket. A dedicated receive thread recv()s batches of datagrams. At the rates
/// real machines see (records in small bursts, quiet between) it hands each batch to the handler itself, so a
/// process start costs one thread's wake-ups, not two. When a batch comes in full (a flood) or the processing
/// thread is still behind, the datagrams go into a ring of preallocated memory for the processing thread instead,
/// so a slow pipeline never holds the kernel back; when the ring is full the receive thread keeps draining the
/// socket and counts the drop. The handler runs on one thread at a time, in arrival order: the receive thread only
/// takes a batch itself when the ring is empty and it holds the handler's lock.
/// Idle, the receive thread blocks with a long timeout; stop and pause wake it through the socket.
/// </summary>
public sealed class NetlinkAuditSource : AuditSource
{
    /// <summary>Default ring size: about 100k typical records of burst between the two threads.</summary>
    public const int DefaultQueueBytes = 16 * 1024 * 1024;

    /// <summary>How long partial events may wait before the handler's idle flush completes them.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>How long the receive thread blocks when nothing is pending (a safety net: stop wakes it at once).</summary>
    private static readonly TimeSpan QuietTimeout = TimeSpan.FromSeconds(5);

    private readonly AuditReceiveSocket _socket;
    private readonly TimeSpan _gatherDelay;
    private readonly DatagramRing _ring;
    private readonly Lock _handlerGate = new(); // the handler runs on one thread at a time
    private long _recordsSinceIdle;             // under _handlerGate; read without it to pick the receive timeout
    private long _nextIdleTick;                 // under _handlerGate
    private Thread? _receiveThread;
    private Thread? _processThread;
    private IAuditRecordHandler? _handler;
    private volatile bool _stopReceiving;
    private volatile bool _pauseRequested;
    private long _pauseDeadline;
    private volatile bool _receiveFinished;
    private int _stopped;

    /// <summary>
    /// Wraps an open receive socket; the source owns and disposes it. <paramref name="gatherDelay"/>: how long the
    /// receive thread lets records gather after a small batch (<see cref="DefaultGatherDelay"/> when null).
    /// </summary>
    public NetlinkAuditSource(AuditReceiveSocket socket, int queueBytes = DefaultQueueBytes, TimeSpan? gatherDelay = null)
    {
        _socket = socket;
        _gatherDelay = gatherDelay ?? DefaultGatherDelay;
        _ring = new DatagramRing(queueBytes, AuditReceiveSocket.MaxDatagramSize);
        _socket.SetReceiveTimeout(QuietTimeout);
    }

    /// <inheritdoc />
    public override AuditSourceKind Kind => _socket.Mode == AuditReceiveMode.Unicast ? AuditSourceKind.NetlinkUnicast : AuditSourceKind.NetlinkMulticast;

    /// <summary>The socket buffer size the kernel granted.</summary>
    public int SocketBufferSize => _socket.SocketBufferSize;

    /// <summary>Bytes received and waiting for the processing thread.</summary>
    public long QueuedBytes => _ring.QueuedBytes;

    /// <inheritdoc />
    public override void Start(IAuditRecordHandler handler)
    {
        if (_handler is not null) throw new InvalidOperationException("The source is already started.");
        _handler = handler;
        _receiveThread = new Thread(ReceiveLoop) { IsBackground = true, Name = "audit-netlink-receive", Priority = ThreadPriority.AboveNormal };
        _processThread = new Thread(ProcessLoop) { IsBackground = true, Name = "audit-netlink-process" };
        _receiveThread.Start();
        _processThread.Start();
    }

    /// <inheritdoc />
    public override void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0 || _handler is null) return;
        _stopReceiving = true;
        _socket.WakeReceiver();
        _receiveThread!.Join();
        // Give the PID back before draining: the kernel stops queueing for a daemon that no longer reads.
        try { _socket.ReleaseDaemonPid(); } catch (AuditNetlinkException) { /* closing releases it too */ }
        _receiveFinished = true;
        _ring.Wake();
        _processThread!.Join();
    }

    /// <summary>
    /// Stops receiving and hands everything already received to the handler, like <see cref="Stop"/>, but keeps
    /// the socket and (unicast) the audit PID: new records wait in the socket for a successor that adopts
    /// <see cref="DuplicateSocketForHandover"/>. Dispose afterwards with <see cref="AbandonToSuccessor"/> once it
    /// has adopted, or with <see cref="AuditSource.Dispose()"/> to give everything back.
    /// </summary>
    public void Pause()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0 || _handler is null) return;
        _pauseDeadline = Environment.TickCount64 + (long)PauseBoundaryWait.TotalMilliseconds;
        _pauseRequested = true; // the receive thread stops at the next event boundary
        _socket.WakeReceiver();
        _receiveThread!.Join();
        _receiveFinished = true;
        _ring.Wake();
        _processThread!.Join();
    }

    /// <summary>A descriptor for this source's socket that a successor adopts (unicast only).</summary>
    public int DuplicateSocketForHandover() => _socket.DuplicateForHandover();

    /// <summary>The successor did not start: closes the duplicate if it was not adopted (then dispose as usual).</summary>
    public void CloseUnadoptedDuplicate(int fd) => _socket.CloseUnadoptedDuplicate(fd);

    /// <summary>Closes this source's descriptor, leaving the socket and the audit PID to the successor.</summary>
    public void AbandonToSuccessor()
    {
        _socket.ForgetDaemonPid();
        Dispose();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _socket.Dispose();
    }

    private void ReceiveLoop()
    {
        // One recvmmsg takes every datagram already queued (up to ReceiveBatchSize): under load that is one system
        // call for many records instead of one each. Copying a record (a few hundred bytes) into the ring costs far less.
        using var batch = new AuditReceiveBatch(ReceiveBatchSize);
        var timeout = QuietTimeout;
        while (!_stopReceiving)
        {
            // Partial events wait for the idle flush: wake for it. Otherwise block until records come.
            var wanted = Volatile.Read(ref _recordsSinceIdle) > 0 ? PollInterval : QuietTimeout;
            if (wanted != timeout)
            {
                try { _socket.SetReceiveTimeout(wanted); timeout = wanted; }
                catch (AuditNetlinkException ex) { HandlerFailed?.Invoke(ex); }
            }
            AuditReceiveResult result;
            try
            {
                result = _socket.Receive(batch);
            }
            catch (AuditNetlinkException ex)
            {
                HandlerFailed?.Invoke(ex);
                Thread.Sleep(100); // a broken socket: do not spin; Stop() still works
                continue;
            }
            if (result == AuditReceiveResult.Overflow)
            {
                Interlocked.Increment(ref Counters._socketOverflows);
                continue;
            }
            if (batch.Count == 0) IdleInline();
            else if (batch.Count == batch.Capacity || !TryProcessInline(batch)) QueueForProcessing(batch);
            if (_pauseRequested && (batch.Count == 0 || EndsAnEvent(batch[batch.Count - 1]) || Environment.TickCount64 >= _pauseDeadline))
                break;
            // Records trickling in one or two at a time under traffic would cost a wake-up and a system call
            // each, here and on every thread downstream. A short pause lets the next ones gather in the socket
            // buffer (8 MiB: tens of thousands of records) so that one recvmmsg takes them all. An idle source
            // still blocks in recvmmsg; a full batch (a flood) does not pause.
            if (batch.Count > 0 && batch.Count < batch.Capacity / 2 && _gatherDelay > TimeSpan.Zero) Thread.Sleep(_gatherDelay);
        }
    }

    // A small batch with nothing queued before it: the handler takes it on this thread (no hand-off, no second
    // thread woken). False when the processing thread holds queued datagrams or the handler: those come first.
    private bool TryProcessInline(AuditReceiveBatch batch)
    {
        if (_ring.QueuedBytes != 0 || !_handlerGate.TryEnter()) return false;
        try
        {
            if (_ring.QueuedBytes != 0) return false;
            var handler = _handler!;
            for (var i = 0; i < batch.Count; i++) ProcessDatagram(handler, batch[i]);
            _recordsSinceIdle += batch.Count;
            if (Environment.TickCount64 >= _nextIdleTick) IdleLocked(handler);
            EndBatchLocked(handler);
            return true;
        }
        finally
        {
            _handlerGate.Exit();
        }
    }

    private void QueueForProcessing(AuditReceiveBatch batch)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            var datagram = batch[i];
            if (_ring.TryReserve(out var slot))
            {
                datagram.CopyTo(slot.Span);
                _ring.Commit(datagram.Length);
            }
            else
            {
                Interlocked.Increment(ref Counters._datagramsDropped);
            }
        }
    }

    // The receive timeout passed: flush what timed out, unless the processing thread is busy (it flushes itself).
    private void IdleInline()
    {
        if (_ring.QueuedBytes != 0 || !_handlerGate.TryEnter()) return;
        try { IdleLocked(_handler!); }
        finally { _handlerGate.Exit(); }
    }

    /// <summary>
    /// Whether the successor can start cleanly after this record: it ends a syscall's records (EOE) or stands
    /// alone (every type outside the syscall range 1300-1399: user messages, AVC, login...). The records of
    /// one syscall come together, so stopping here rarely splits an event; when the stream never pauses at a
    /// boundary, <see cref="PauseBoundaryWait"/> bounds the wait.
    /// </summary>
    private static bool EndsAnEvent(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < NetlinkConstants.NLMSG_HDRLEN) return true;
        var type = System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(datagram[4..]);
        return type is < 1300 or > 1399 or 1320;
    }

    /// <summary>How long a pause for handover may keep receiving to stop at an event boundary.</summary>
    private static readonly TimeSpan PauseBoundaryWait = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Most datagrams one recvmmsg takes. What <see cref="DefaultGatherDelay"/> gathers at a few hundred process starts
    /// a second (about ten records each) must fit with room to spare, or the batch counts as a flood and goes
    /// through the ring to the processing thread: a second thread woken. The slots' memory is touched only as deep
    /// as the records that land in them.
    /// </summary>
    private const int ReceiveBatchSize = 512;

    /// <summary>
    /// How long the receive thread lets records gather after a small batch (the latency it adds). At a few hundred
    /// process starts a second, a pause takes several starts per wake-up instead of one burst of records each, and
    /// the threads downstream, woken once per batch, follow. Measured on the paced exec loop (benchmarks/exec-vs-auditd):
    /// no pause, 244 µs of receive-thread CPU and 2.9 wake-ups per start; 10 ms, 100 µs and 0.6; 40 ms, see
    /// docs/perf/exec-vs-auditd.md. The socket buffer (8 MiB) holds far more than a flood brings in that time, and a
    /// batch of half the receive batch or more (a flood) never pauses. The collector's <c>gather_ms</c> sets it.
    /// </summary>
    public static readonly TimeSpan DefaultGatherDelay = TimeSpan.FromMilliseconds(40);

    private void ProcessLoop()
    {
        var handler = _handler!;
        while (true)
        {
            // Only floods and slow handler calls reach the ring; idle, this thread sleeps until the receive
            // thread queues something (or stop wakes it).
            if (_ring.TryPeek(QuietTimeout, out var datagram))
            {
                lock (_handlerGate)
                {
                    do
                    {
                        ProcessDatagram(handler, datagram);
                        _ring.Release();
                        _recordsSinceIdle++;
                        // Busy for a whole interval: let the handler flush events that timed out.
                        if (Environment.TickCount64 >= _nextIdleTick) IdleLocked(handler);
                    }
                    while (_ring.TryPeekNow(out datagram));
                    EndBatchLocked(handler);
                }
            }
            else if (_receiveFinished)
            {
                break;
            }
        }
        lock (_handlerGate) IdleLocked(handler);
    }

    private void ProcessDatagram(IAuditRecordHandler handler, ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < NetlinkConstants.NLMSG_HDRLEN)
        {
            Interlocked.Increment(ref Counters._malformedDatagrams);
            return;
        }
        var type = System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(datagram[4..]);
        if (IsControlReply(type)) return;
        // The kernel sends one record per datagram and sets nlmsg_len to the text's length without the header
        // (go-libaudit and auditd ignore it too): the record is everything after the header.
        var text = datagram[NetlinkConstants.NLMSG_HDRLEN..];
        while (text.Length > 0 && text[^1] == 0) text = text[..^1];
        Deliver(handler, type, text);
    }

    // Netlink control types and 1000-1099 replies (an AUDIT_SET ack when the PID is released) are not
    // records; 1005 USER and 1006 LOGIN in that range are.
    private static bool IsControlReply(ushort type) =>
        type < 16 || (type >= 1000 && type < 1100 && type != 1005 && type != 1006);

    // Under _handlerGate.
    private void IdleLocked(IAuditRecordHandler handler)
    {
        _nextIdleTick = Environment.TickCount64 + (long)PollInterval.TotalMilliseconds;
        Volatile.Write(ref _recordsSinceIdle, 0);
        try { handler.OnIdle(); }
        catch (Exception ex) { HandlerFailed?.Invoke(ex); }
    }

    // Under _handlerGate.
    private void EndBatchLocked(IAuditRecordHandler handler)
    {
        try { handler.OnBatchEnd(); }
        catch (Exception ex) { HandlerFailed?.Invoke(ex); }
    }
}

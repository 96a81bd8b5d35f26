namespace Recorder.Linux.Audit.Sources;

/// <summary>What a source counts while it runs. Written by the source's threads, read by status at any time.</summary>
public sealed class AuditSourceCounters
{
    internal long _recordsReceived;
    internal long _socketOverflows;
    internal long _datagramsDropped;
    internal long _malformedDatagrams;

    /// <summary>Records handed to the handler.</summary>
    public long RecordsReceived => Volatile.Read(ref _recordsReceived);
    /// <summary>ENOBUFS on receive: the socket buffer overflowed and the kernel dropped records we never saw.</summary>
    public long SocketOverflows => Volatile.Read(ref _socketOverflows);
    /// <summary>Datagrams received but dropped in user space because the processing queue was full.</summary>
    public long DatagramsDropped => Volatile.Read(ref _datagramsDropped);
    /// <summary>Datagrams that could not be split into records, and records the handler failed on.</summary>
    public long MalformedDatagrams => Volatile.Read(ref _malformedDatagrams);
}

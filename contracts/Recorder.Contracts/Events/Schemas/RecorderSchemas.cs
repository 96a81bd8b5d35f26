namespace Recorder.Contracts.Events;

/// <summary>
/// The schema of <c>recorder.loss</c>: a marker the recorder stores where its history has a gap, so that a timeline
/// shows where events are missing, how many and why. The host writes one when it drops events (a full queue, a
/// failed sink); a collector writes one when its source reports records lost before they reached it.
/// </summary>
public sealed class RecorderLossSchema : EventSchema
{
    internal RecorderLossSchema() : base(EventTypes.RecorderLoss, "Events or records were lost here: the history is incomplete.",
    [
        new("loss.count", FieldType.Int64, "How many were lost (of loss.unit)."),
        new("loss.unit", FieldType.String, "What was counted: events (recorder events), or records (audit records of the kernel)."),
        new("loss.reason", FieldType.String, "Why: ingress_full, sink_queue_full, sink_failed, sink_unavailable (host); kernel_lost, sequence_gap, socket_overflow, source_queue_full (Linux audit)."),
        new("loss.source", FieldType.String, "Where it happened: pipeline, sink.<name>, or the collector's name."),
        new("loss.first_time", FieldType.Timestamp, "Start of the gap: the first lost event's time, or when the loss was last known not to have happened yet."),
        new("loss.last_time", FieldType.Timestamp, "End of the gap: the last lost event's time, or when the loss was noticed."),
    ])
    {
        Count = Key<long?>("loss.count");
        Unit = Key<string?>("loss.unit");
        Reason = Key<string?>("loss.reason");
        Source = Key<string?>("loss.source");
        FirstTime = Key<DateTime?>("loss.first_time");
        LastTime = Key<DateTime?>("loss.last_time");
    }

    /// <summary><c>loss.count</c>.</summary>
    public FieldKey<long?> Count { get; }
    /// <summary><c>loss.unit</c>.</summary>
    public FieldKey<string?> Unit { get; }
    /// <summary><c>loss.reason</c>.</summary>
    public FieldKey<string?> Reason { get; }
    /// <summary><c>loss.source</c>.</summary>
    public FieldKey<string?> Source { get; }
    /// <summary><c>loss.first_time</c>.</summary>
    public FieldKey<DateTime?> FirstTime { get; }
    /// <summary><c>loss.last_time</c>.</summary>
    public FieldKey<DateTime?> LastTime { get; }
}

namespace Recorder.Windows.EventLog.Evtx;

/// <summary>Something in the file that was skipped: a damaged chunk or record, with where it starts in the file.</summary>
public readonly record struct EvtxProblem(long FileOffset, string Message)
{
    public override string ToString() => $"offset {FileOffset} (0x{FileOffset:x}): {Message}";
}

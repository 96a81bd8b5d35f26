namespace Recorder.Windows.EventLog.Evtx;

/// <summary>One event record of an .evtx file: its number, when it was written, where it starts, and the event.</summary>
public sealed record EvtxRecord(ulong RecordId, DateTime Written, long FileOffset, WindowsEvent Event);

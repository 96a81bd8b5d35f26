using Recorder.Contracts.Events;

namespace Recorder.Plugins.Collectors.WindowsEventLog.Mapping;

/// <summary>
/// Event types this plugin declares because no built-in one fits: one process acting on another (Sysmon 8 and 10),
/// and <c>windows.event</c> for every other Windows event an imported log holds.
/// </summary>
internal static class WindowsSchemas
{
    public static ProcessAccessSchema ProcessAccess { get; } = new();

    public static RemoteThreadSchema RemoteThread { get; } = new();

    public static WindowsEventSchema WindowsEvent { get; } = new();

    /// <summary>The types both the live collector and the import produce.</summary>
    public static IReadOnlyList<EventSchema> All { get; } = [ProcessAccess, RemoteThread];
}

/// <summary>
/// <c>windows.event</c>: a Windows event no typed mapping covers (a Security event other than a logon, Task
/// Scheduler, Defender, WMI, PowerShell, Sysmon 16, ...), kept as Windows wrote it: its header here, each
/// EventData/UserData field as the tag <c>windows.data.&lt;Name&gt;</c>.
/// </summary>
internal sealed class WindowsEventSchema : EventSchema
{
    public const string DataTagPrefix = "windows.data.";

    public WindowsEventSchema() : base("windows.event", "A Windows event log record no typed mapping covers (fields as tags windows.data.<Name>).",
    [
        new("windows.provider", FieldType.String, "Provider that wrote the event, such as Microsoft-Windows-TaskScheduler."),
        new("windows.channel", FieldType.String, "Channel (log) it was written to, such as Security or Microsoft-Windows-TaskScheduler/Operational."),
        new("windows.event_id", FieldType.Int64, "The provider's event id, such as 4701."),
        new("windows.record_id", FieldType.Int64, "The record's number in its log."),
    ])
    {
        Provider = Key<string?>("windows.provider");
        Channel = Key<string?>("windows.channel");
        EventId = Key<long?>("windows.event_id");
        RecordId = Key<long?>("windows.record_id");
    }

    public FieldKey<string?> Provider { get; }
    public FieldKey<string?> Channel { get; }
    public FieldKey<long?> EventId { get; }
    public FieldKey<long?> RecordId { get; }
}

/// <summary><c>process.access</c>: a process opened another (Sysmon 10), with the access it was granted.</summary>
internal sealed class ProcessAccessSchema : EventSchema
{
    public ProcessAccessSchema() : base("process.access", "A process opened another process (Sysmon 10).",
    [
        new("target.guid", FieldType.Guid, "GUID of the process opened."),
        new("target.pid", FieldType.Int64, "Id of the process opened."),
        new("target.path", FieldType.String, "Executable of the process opened."),
        new("target.user", FieldType.String, "User of the process opened."),
        new("access.granted", FieldType.String, "Access mask granted (hex), such as 0x1010."),
        new("access.call_trace", FieldType.String, "Call stack of the opening thread."),
    ])
    {
        TargetGuid = Key<Guid?>("target.guid");
        TargetPid = Key<long?>("target.pid");
        TargetPath = Key<string?>("target.path");
        TargetUser = Key<string?>("target.user");
        GrantedAccess = Key<string?>("access.granted");
        CallTrace = Key<string?>("access.call_trace");
    }

    public FieldKey<Guid?> TargetGuid { get; }
    public FieldKey<long?> TargetPid { get; }
    public FieldKey<string?> TargetPath { get; }
    public FieldKey<string?> TargetUser { get; }
    public FieldKey<string?> GrantedAccess { get; }
    public FieldKey<string?> CallTrace { get; }
}

/// <summary><c>process.remote_thread</c>: a process started a thread in another (Sysmon 8).</summary>
internal sealed class RemoteThreadSchema : EventSchema
{
    public RemoteThreadSchema() : base("process.remote_thread", "A process created a thread in another process (Sysmon 8).",
    [
        new("target.guid", FieldType.Guid, "GUID of the process the thread was created in."),
        new("target.pid", FieldType.Int64, "Id of that process."),
        new("target.path", FieldType.String, "Executable of that process."),
        new("target.user", FieldType.String, "User of that process."),
        new("thread.id", FieldType.Int64, "Id of the new thread."),
        new("thread.start_address", FieldType.String, "Start address of the new thread (hex)."),
        new("thread.start_module", FieldType.String, "Module holding the start address."),
        new("thread.start_function", FieldType.String, "Function at the start address."),
    ])
    {
        TargetGuid = Key<Guid?>("target.guid");
        TargetPid = Key<long?>("target.pid");
        TargetPath = Key<string?>("target.path");
        TargetUser = Key<string?>("target.user");
        ThreadId = Key<long?>("thread.id");
        StartAddress = Key<string?>("thread.start_address");
        StartModule = Key<string?>("thread.start_module");
        StartFunction = Key<string?>("thread.start_function");
    }

    public FieldKey<Guid?> TargetGuid { get; }
    public FieldKey<long?> TargetPid { get; }
    public FieldKey<string?> TargetPath { get; }
    public FieldKey<string?> TargetUser { get; }
    public FieldKey<long?> ThreadId { get; }
    public FieldKey<string?> StartAddress { get; }
    public FieldKey<string?> StartModule { get; }
    public FieldKey<string?> StartFunction { get; }
}

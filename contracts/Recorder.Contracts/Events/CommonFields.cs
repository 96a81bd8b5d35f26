namespace Recorder.Contracts.Events;

/// <summary>
/// The fields every event has, whatever its type: the header (<c>event.*</c>) and the process context
/// (<c>process.*</c>). Names follow what responders of the seed product know (<c>process.path</c>,
/// <c>process.cmd</c>, <c>process.parent_path</c>, <c>process.ancestry_*</c>).
/// </summary>
public static class CommonFields
{
    private static readonly (EventField Field, Func<RecorderEvent, object?> Get)[] Definitions =
    {
        (new("event.id", FieldType.Int64, "Host-unique increasing event id."), e => e.Id),
        (new("event.time", FieldType.Timestamp, "When the event happened (UTC)."), e => e.Time),
        (new("event.type", FieldType.String, "The event type, such as file.write."), e => e.Type),
        (new("event.collector", FieldType.String, "The collector that produced the event."), e => e.Collector),
        (new("event.outcome", FieldType.String, "success, failure or unknown."), e => OutcomeName(e.Outcome)),
        (new("event.result", FieldType.Int64, "Raw result code (syscall exit value or OS status)."), e => e.ResultCode),
        (new("process.guid", FieldType.Guid, "Process GUID, stable across PID reuse."), e => NullIfEmpty(e.Process.ProcessGuid)),
        (new("process.pid", FieldType.Int64, "Process id."), e => e.Process.Pid),
        (new("process.start_time", FieldType.Timestamp, "When the process started (UTC)."), e => e.Process.StartTime),
        (new("process.path", FieldType.String, "Executable path."), e => e.Process.Executable),
        (new("process.cmd", FieldType.String, "Command line for display: arguments joined by spaces, quoted where needed."), e => e.Process.CommandLine),
        (new("process.args", FieldType.StringList, "The exact argument vector, argv[0] first (matches if any argument does)."), e => e.Process.Arguments),
        (new("process.cwd", FieldType.String, "Working directory."), e => e.Process.WorkingDirectory),
        (new("process.hash", FieldType.String, "Hash of the executable (sha256:hex)."), e => e.Process.ExecutableHash),
        (new("process.hash_error", FieldType.String, "Why the hash could not be computed."), e => e.Process.HashError),
        (new("process.uid", FieldType.Int64, "Real user id."), e => e.Process.Uid),
        (new("process.user_name", FieldType.String, "Real user name."), e => e.Process.UserName),
        (new("process.user_sid", FieldType.String, "Windows: security identifier (SID) of the user."), e => e.Process.UserSid),
        (new("process.user_domain", FieldType.String, "Windows: domain of the user (the computer name for local accounts)."), e => e.Process.UserDomain),
        (new("process.euid", FieldType.Int64, "Effective user id."), e => e.Process.EffectiveUid),
        (new("process.effective_user_name", FieldType.String, "Effective user name."), e => e.Process.EffectiveUserName),
        (new("process.gid", FieldType.Int64, "Primary group id."), e => e.Process.Gid),
        (new("process.user_group", FieldType.String, "Primary group name."), e => e.Process.GroupName),
        (new("process.login_uid", FieldType.Int64, "Original login user id (Linux and macOS auid), kept across su and sudo."), e => e.Process.LoginUid),
        (new("process.login_user_name", FieldType.String, "Original login user name, kept across su and sudo."), e => e.Process.LoginUserName),
        (new("process.logon_id", FieldType.Int64, "Windows: logon session (LUID) the process's token belongs to."), e => e.Process.LogonId),
        (new("process.session", FieldType.Int64, "Login session id (Linux and macOS audit session)."), e => e.Process.SessionId),
        (new("process.terminal_session", FieldType.Int64, "Windows: terminal services session id."), e => e.Process.TerminalSessionId),
        (new("process.tty", FieldType.String, "Controlling terminal."), e => e.Process.Terminal),
        (new("process.integrity_level", FieldType.String, "Windows: integrity level (untrusted, low, medium, high, system)."), e => e.Process.IntegrityLevel),
        (new("process.pid_version", FieldType.Int64, "macOS: pid version of the audit token (identifies the process with the pid)."), e => e.Process.PidVersion),
        (new("process.container_id", FieldType.String, "Container the process runs in (Linux: from its cgroup); absent on the host."), e => e.Process.ContainerId),
        (new("process.parent_guid", FieldType.Guid, "Parent process GUID."), e => NullIfEmpty(e.Process.ParentProcessGuid)),
        (new("process.parent_pid", FieldType.Int64, "Parent process id."), e => e.Process.ParentPid),
        (new("process.parent_path", FieldType.String, "Parent executable path."), e => e.Process.ParentExecutable),
        (new("process.parent_cmd", FieldType.String, "Parent command line."), e => e.Process.ParentCommandLine),
        (new("process.ancestry_path", FieldType.String, "Executable of any ancestor (matches if one does).") { MultiValued = true },
            e => e.Process.Ancestors.Select(a => a.Executable)),
        (new("process.ancestry_cmd", FieldType.String, "Command line of any ancestor (matches if one does).") { MultiValued = true },
            e => e.Process.Ancestors.Select(a => a.CommandLine)),
        (new("process.ancestry_user_name", FieldType.String, "User of any ancestor (matches if one does).") { MultiValued = true },
            e => e.Process.Ancestors.Select(a => a.UserName)),
    };

    internal static readonly Dictionary<string, EventField> ByName =
        Definitions.ToDictionary(d => d.Field.Name, d => d.Field, StringComparer.Ordinal);

    private static readonly Dictionary<string, Func<RecorderEvent, object?>> Accessors =
        Definitions.ToDictionary(d => d.Field.Name, d => d.Get, StringComparer.Ordinal);

    /// <summary>Every common field, header first, then process context.</summary>
    public static IReadOnlyList<EventField> All { get; } = Definitions.Select(d => d.Field).ToArray();

    /// <summary>Finds a common field by name.</summary>
    public static bool TryGetField(string name, out EventField field) => ByName.TryGetValue(name, out field!);

    /// <summary>Finds the function that reads a common field from an event.</summary>
    public static bool TryGetAccessor(string name, out Func<RecorderEvent, object?> accessor) =>
        Accessors.TryGetValue(name, out accessor!);

    /// <summary>The text of an outcome as stored and filtered.</summary>
    public static string OutcomeName(EventOutcome outcome) => outcome switch
    {
        EventOutcome.Success => "success",
        EventOutcome.Failure => "failure",
        _ => "unknown",
    };

    private static object? NullIfEmpty(Guid g) => g == Guid.Empty ? null : g;
}

using Recorder.Contracts.Events;

namespace Recorder.Contracts.Ecs;

/// <summary>Reads one Recorder field from an event, typed, without boxing where the field is a typed property.</summary>
internal abstract class EcsValueSource
{
    public abstract EcsFieldValue Read(RecorderEvent recorderEvent);

    /// <summary>The source of a common field (header or process context) or of a field of <paramref name="schema"/>.</summary>
    public static EcsValueSource For(EventSchema schema, string field)
    {
        if (schema.TryGetField(field, out var schemaField)) return new SchemaField(schemaField.Ordinal);
        if (CommonSources.TryGetValue(field, out var common)) return common;
        // A common field added later without a typed reader here: still written, through its boxing accessor.
        if (CommonFields.TryGetAccessor(field, out var accessor)) return new Accessor(accessor);
        throw new ArgumentException($"Event type '{schema.Name}' has no field '{field}'.", nameof(field));
    }

    private static readonly Dictionary<string, EcsValueSource> CommonSources = new(StringComparer.Ordinal)
    {
        ["event.id"] = new Typed(e => EcsFieldValue.Of(e.Id)),
        ["event.time"] = new Typed(e => EcsFieldValue.Of(e.Time)),
        ["event.type"] = new Typed(e => EcsFieldValue.Of(e.Type)),
        ["event.collector"] = new Typed(e => EcsFieldValue.Of(e.Collector)),
        ["event.outcome"] = new Typed(e => EcsFieldValue.Of(CommonFields.OutcomeName(e.Outcome))),
        ["event.result"] = new Typed(e => EcsFieldValue.Of(e.ResultCode)),
        ["process.guid"] = new Typed(e => EcsFieldValue.Of(e.Process.ProcessGuid)),
        ["process.pid"] = new Typed(e => EcsFieldValue.Of(e.Process.Pid)),
        ["process.start_time"] = new Typed(e => EcsFieldValue.Of(e.Process.StartTime)),
        ["process.path"] = new Typed(e => EcsFieldValue.Of(e.Process.Executable)),
        ["process.cmd"] = new Typed(e => EcsFieldValue.Of(e.Process.CommandLine)),
        ["process.args"] = new Typed(e => EcsFieldValue.Of(e.Process.Arguments)),
        ["process.cwd"] = new Typed(e => EcsFieldValue.Of(e.Process.WorkingDirectory)),
        ["process.hash"] = new Typed(e => EcsFieldValue.Of(e.Process.ExecutableHash)),
        ["process.hash_error"] = new Typed(e => EcsFieldValue.Of(e.Process.HashError)),
        ["process.uid"] = new Typed(e => EcsFieldValue.Of(e.Process.Uid)),
        ["process.user_name"] = new Typed(e => EcsFieldValue.Of(e.Process.UserName)),
        ["process.user_sid"] = new Typed(e => EcsFieldValue.Of(e.Process.UserSid)),
        ["process.user_domain"] = new Typed(e => EcsFieldValue.Of(e.Process.UserDomain)),
        ["process.euid"] = new Typed(e => EcsFieldValue.Of(e.Process.EffectiveUid)),
        ["process.effective_user_name"] = new Typed(e => EcsFieldValue.Of(e.Process.EffectiveUserName)),
        ["process.gid"] = new Typed(e => EcsFieldValue.Of(e.Process.Gid)),
        ["process.user_group"] = new Typed(e => EcsFieldValue.Of(e.Process.GroupName)),
        ["process.login_uid"] = new Typed(e => EcsFieldValue.Of(e.Process.LoginUid)),
        ["process.login_user_name"] = new Typed(e => EcsFieldValue.Of(e.Process.LoginUserName)),
        ["process.logon_id"] = new Typed(e => EcsFieldValue.Of(e.Process.LogonId)),
        ["process.session"] = new Typed(e => EcsFieldValue.Of(e.Process.SessionId)),
        ["process.terminal_session"] = new Typed(e => EcsFieldValue.Of(e.Process.TerminalSessionId)),
        ["process.tty"] = new Typed(e => EcsFieldValue.Of(e.Process.Terminal)),
        ["process.integrity_level"] = new Typed(e => EcsFieldValue.Of(e.Process.IntegrityLevel)),
        ["process.pid_version"] = new Typed(e => EcsFieldValue.Of(e.Process.PidVersion)),
        ["process.container_id"] = new Typed(e => EcsFieldValue.Of(e.Process.ContainerId)),
        ["process.parent_guid"] = new Typed(e => EcsFieldValue.Of(e.Process.ParentProcessGuid)),
        ["process.parent_pid"] = new Typed(e => EcsFieldValue.Of(e.Process.ParentPid)),
        ["process.parent_path"] = new Typed(e => EcsFieldValue.Of(e.Process.ParentExecutable)),
        ["process.parent_cmd"] = new Typed(e => EcsFieldValue.Of(e.Process.ParentCommandLine)),
        // The three ancestry fields share the ancestor list; the conversion picks the property (see EcsDocumentPlan).
        ["process.ancestry_path"] = new Typed(e => EcsFieldValue.Of(e.Process.Ancestors)),
        ["process.ancestry_cmd"] = new Typed(e => EcsFieldValue.Of(e.Process.Ancestors)),
        ["process.ancestry_user_name"] = new Typed(e => EcsFieldValue.Of(e.Process.Ancestors)),
    };

    private sealed class Typed(Func<RecorderEvent, EcsFieldValue> read) : EcsValueSource
    {
        public override EcsFieldValue Read(RecorderEvent recorderEvent) => read(recorderEvent);
    }

    private sealed class SchemaField(int ordinal) : EcsValueSource
    {
        public override EcsFieldValue Read(RecorderEvent recorderEvent) => EcsFieldValue.OfObject(recorderEvent[ordinal]);
    }

    private sealed class Accessor(Func<RecorderEvent, object?> read) : EcsValueSource
    {
        public override EcsFieldValue Read(RecorderEvent recorderEvent) => EcsFieldValue.OfObject(read(recorderEvent));
    }
}

using Recorder.Contracts.Events;

namespace Recorder.Contracts.Ecs;

/// <summary>
/// The one table from Recorder's field names to Elastic Common Schema 8 (<see cref="EcsVersion"/>), so that every
/// sink and exporter emits the same ECS documents without a mapping of its own. Every common field and every field
/// of a built-in schema is listed, either with its ECS name or as Recorder-only (a test keeps it so). Some fields
/// map differently for some event types (an accepted connection's remote end is its source; the account of an
/// authentication is <c>user.name</c>, so the process's own user moves to <c>process.user.*</c>).
/// </summary>
public static class EcsMapping
{
    /// <summary>The ECS release the names and allowed values come from.</summary>
    public const string EcsVersion = "8.11.0";

    /// <summary>Where exporters put Recorder-only fields: <c>recorder.</c> followed by the Recorder name.</summary>
    public const string RecorderOnlyPrefix = "recorder.";

    private static readonly string[] AccountTypes = [EventTypes.AuthSuccess, EventTypes.AuthFailure, EventTypes.SessionLogin, EventTypes.SessionLogout];

    private static EcsFieldMapping M(string field, string? ecs, string? note = null) => new(field, ecs, null, note);
    private static EcsFieldMapping Own(string field, string why) => new(field, null, null, why);

    /// <summary>Every mapping: defaults first, then the per-type overrides.</summary>
    public static IReadOnlyList<EcsFieldMapping> Fields { get; } =
    [
        // Header.
        M("event.id", "event.sequence"),
        M("event.time", "@timestamp"),
        M("event.type", "event.action", "Recorder's dotted type, such as file.write; event.category and event.type come from Categorization."),
        M("event.collector", "event.provider"),
        M("event.outcome", "event.outcome"),
        Own("event.result", "Raw syscall exit value or OS status."),
        // Process identity.
        M("process.guid", "process.entity_id"),
        M("process.pid", "process.pid"),
        M("process.start_time", "process.start"),
        M("process.path", "process.executable"),
        M("process.cmd", "process.command_line"),
        M("process.args", "process.args"),
        M("process.cwd", "process.working_directory"),
        M("process.hash", "process.hash.sha256", "Recorder writes sha256:hex (several joined by ';' when configured); ECS wants the hex alone."),
        Own("process.hash_error", "Why the hash is missing."),
        M("process.uid", "user.id", "ECS ids are text."),
        M("process.user_name", "user.name"),
        M("process.user_sid", "user.id", "Windows: the SID is the user id."),
        M("process.user_domain", "user.domain"),
        M("process.euid", "user.effective.id", "ECS ids are text."),
        M("process.effective_user_name", "user.effective.name"),
        M("process.gid", "group.id", "ECS ids are text."),
        M("process.user_group", "group.name"),
        M("process.login_uid", "user.audit.id", "As Auditbeat: the audit (login) user."),
        M("process.login_user_name", "user.audit.name", "As Auditbeat: the audit (login) user."),
        Own("process.logon_id", "Windows logon session LUID; ECS has no field for it."),
        Own("process.session", "Audit session id; ECS has no field for it."),
        Own("process.terminal_session", "Windows terminal services session; ECS has no field for it."),
        Own("process.tty", "ECS describes the terminal as device numbers; Recorder keeps its name."),
        Own("process.integrity_level", "Windows integrity level; ECS has no field for it."),
        Own("process.pid_version", "macOS pid version; ECS has no field for it."),
        M("process.container_id", "container.id"),
        M("process.parent_guid", "process.parent.entity_id"),
        M("process.parent_pid", "process.parent.pid"),
        M("process.parent_path", "process.parent.executable"),
        M("process.parent_cmd", "process.parent.command_line"),
        Own("process.ancestry_path", "Ancestry beyond the parent; ECS has no field for it."),
        Own("process.ancestry_cmd", "Ancestry beyond the parent; ECS has no field for it."),
        Own("process.ancestry_user_name", "Ancestry beyond the parent; ECS has no field for it."),
        // process.start / process.exit.
        M("process.argc", "process.args_count"),
        Own("process.image_inode", "Inode of the executed file."),
        Own("process.exec_path", "The file an exec named, also when it failed; ECS has no field for an attempted exec."),
        M("process.exit_code", "process.exit_code"),
        // file.*
        M("file.path", "file.path"),
        M("file.target_path", "file.target_path"),
        Own("file.old_path", "ECS has no field for the path before a rename."),
        M("file.rule_key", "rule.name", "The key of the audit rule that selected the event."),
        M("file.mode", "file.mode"),
        M("file.owner_uid", "file.uid", "ECS ids are text."),
        M("file.owner_gid", "file.gid", "ECS ids are text."),
        // network.* (local = source and remote = destination unless overridden below).
        M("network.transport", "network.transport"),
        M("network.family", "network.type", "Recorder writes inet/inet6/unix; ECS wants ipv4/ipv6."),
        M("network.local_address", "source.ip"),
        M("network.local_port", "source.port"),
        M("network.remote_address", "destination.ip"),
        M("network.remote_port", "destination.port"),
        Own("network.unix_path", "ECS has no field for a unix socket path."),
        // image.load, driver.*
        M("image.path", "dll.path"),
        M("image.hash", "dll.hash.sha256", "Recorder writes sha256:hex; ECS wants the hex alone."),
        Own("image.base", "Load address; ECS has no field for it."),
        Own("image.size", "Mapped size; ECS has no field for it."),
        Own("driver.name", "Module name; ECS has no driver field set."),
        M("driver.path", "file.path"),
        M("driver.hash", "file.hash.sha256", "Recorder writes sha256:hex; ECS wants the hex alone."),
        M("driver.signature", "file.code_signature.status"),
        // registry.*
        M("registry.key", "registry.path"),
        M("registry.value", "registry.value"),
        M("registry.data", "registry.data.strings", "ECS wants an array."),
        Own("registry.new_key", "ECS has no field for a key's new name."),
        // auth.*, session.*, privilege.*
        M("auth.account", "user.name"),
        Own("auth.method", "ECS has no field for the authentication method."),
        M("auth.service", "service.name"),
        Own("auth.terminal", "ECS has no field for the terminal."),
        M("auth.remote_address", "source.ip"),
        M("auth.remote_host", "source.domain"),
        M("auth.message", "message"),
        M("session.user", "user.name"),
        M("session.uid", "user.id", "ECS ids are text."),
        Own("session.id", "Audit session id; ECS has no field for it."),
        Own("session.terminal", "ECS has no field for the terminal."),
        M("session.remote_address", "source.ip"),
        M("session.remote_host", "source.domain"),
        M("session.service", "service.name"),
        Own("privilege.kind", "su, sudo, setuid or elevation."),
        M("privilege.target_user", "user.target.name"),
        M("privilege.target_uid", "user.target.id", "ECS ids are text."),
        Own("privilege.command", "The command run with the privileges; process.command_line is the process's own."),
        // dns.query, http.header
        M("dns.name", "dns.question.name"),
        M("dns.type", "dns.question.type"),
        M("dns.status", "dns.response_code", "Recorder keeps the numeric code; ECS wants its name (NOERROR, NXDOMAIN, ...)."),
        M("dns.answers", "dns.answers.data", "Recorder joins answers with ';'; ECS wants one answer object per answer."),
        M("http.url", "url.full"),
        M("http.method", "http.request.method"),
        Own("http.headers", "ECS has no field for raw header lines."),
        Own("http.direction", "request or response."),
        // recorder.loss
        Own("loss.count", "The recorder's own record of a gap in its history."),
        Own("loss.unit", "The recorder's own record of a gap in its history."),
        Own("loss.reason", "The recorder's own record of a gap in its history."),
        Own("loss.source", "The recorder's own record of a gap in its history."),
        Own("loss.first_time", "The recorder's own record of a gap in its history."),
        Own("loss.last_time", "The recorder's own record of a gap in its history."),
        // Overrides: an accepted connection came from the remote end.
        new("network.local_address", "destination.ip", EventTypes.NetworkAccept),
        new("network.local_port", "destination.port", EventTypes.NetworkAccept),
        new("network.remote_address", "source.ip", EventTypes.NetworkAccept),
        new("network.remote_port", "source.port", EventTypes.NetworkAccept),
        // Overrides: for logins and authentications user.* is the account; the process's own user moves.
        .. AccountTypes.SelectMany(t => new EcsFieldMapping[]
        {
            new("process.uid", "process.user.id", t),
            new("process.user_name", "process.user.name", t),
            new("process.user_sid", "process.user.id", t),
            new("process.user_domain", null, t, "ECS 8.11 has no process.user.domain; user.domain is the account's."),
        }),
    ];

    /// <summary>How each built-in event type is categorized in ECS.</summary>
    public static IReadOnlyList<EcsCategorization> Categorizations { get; } =
    [
        new(EventTypes.ProcessStart, ["process"], ["start"]),
        new(EventTypes.ProcessExit, ["process"], ["end"]),
        new(EventTypes.FileCreate, ["file"], ["creation"]),
        new(EventTypes.FileWrite, ["file"], ["change"]),
        new(EventTypes.FileRename, ["file"], ["change"]),
        new(EventTypes.FileDelete, ["file"], ["deletion"]),
        new(EventTypes.FileRead, ["file"], ["access"]),
        new(EventTypes.FilePermission, ["file"], ["change"]),
        new(EventTypes.FileOwner, ["file"], ["change"]),
        new(EventTypes.NetworkConnect, ["network"], ["connection", "start"]),
        new(EventTypes.NetworkAccept, ["network"], ["connection", "start"]),
        new(EventTypes.NetworkBind, ["network"], ["info"]),
        new(EventTypes.NetworkListen, ["network"], ["start"]),
        new(EventTypes.ImageLoad, ["library"], ["start"]),
        new(EventTypes.DriverLoad, ["driver"], ["start"]),
        new(EventTypes.DriverUnload, ["driver"], ["end"]),
        new(EventTypes.RegistryKeyCreate, ["registry"], ["creation"]),
        new(EventTypes.RegistryKeyDelete, ["registry"], ["deletion"]),
        new(EventTypes.RegistryKeyRename, ["registry"], ["change"]),
        new(EventTypes.RegistryValueSet, ["registry"], ["change"]),
        new(EventTypes.RegistryValueDelete, ["registry"], ["deletion"]),
        new(EventTypes.AuthSuccess, ["authentication"], ["start"]),
        new(EventTypes.AuthFailure, ["authentication"], ["start"]),
        new(EventTypes.PrivilegeChange, ["iam"], ["change"]),
        new(EventTypes.SessionLogin, ["authentication", "session"], ["start"]),
        new(EventTypes.SessionLogout, ["authentication", "session"], ["end"]),
        new(EventTypes.DnsQuery, ["network"], ["protocol"]),
        new(EventTypes.HttpHeader, ["network", "web"], ["access"]),
        new(EventTypes.RecorderLoss, ["host"], ["info"]),
    ];

    private static readonly Dictionary<string, EcsFieldMapping> Defaults =
        Fields.Where(f => f.EventType is null).ToDictionary(f => f.Field, StringComparer.Ordinal);

    private static readonly Dictionary<(string Type, string Field), EcsFieldMapping> Overrides =
        Fields.Where(f => f.EventType is not null).ToDictionary(f => (f.EventType!, f.Field));

    private static readonly Dictionary<string, EcsCategorization> ByType =
        Categorizations.ToDictionary(c => c.EventType, StringComparer.Ordinal);

    /// <summary>
    /// The mapping of <paramref name="field"/> in events of <paramref name="eventType"/> (the type's override, or
    /// the default); false for a field the table does not know (a plugin's own type).
    /// </summary>
    public static bool TryGetMapping(string eventType, string field, out EcsFieldMapping mapping)
    {
        if (Overrides.TryGetValue((eventType, field), out mapping!)) return true;
        return Defaults.TryGetValue(field, out mapping!);
    }

    /// <summary>
    /// The ECS name of <paramref name="field"/> in events of <paramref name="eventType"/>: its ECS field, or
    /// <c>recorder.</c> + the field for Recorder-only and unknown fields.
    /// </summary>
    public static string NameOf(string eventType, string field) =>
        TryGetMapping(eventType, field, out var mapping) && mapping.EcsName is { } name ? name : RecorderOnlyPrefix + field;

    /// <summary>The ECS categorization of a built-in event type; false for a type the table does not know.</summary>
    public static bool TryGetCategorization(string eventType, out EcsCategorization categorization) =>
        ByType.TryGetValue(eventType, out categorization!);
}

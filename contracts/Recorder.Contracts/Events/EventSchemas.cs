
namespace Recorder.Contracts.Events;

/// <summary>
/// The schemas of the built-in event types, shared by every collector on every OS. A collector that records
/// something new declares its own <see cref="EventSchema"/> instead.
/// </summary>
public static class EventSchemas
{
    private static EventField F(string name, FieldType type, string description) => new(name, type, description);

    private static EventField[] FileFields(params EventField[] extra) =>
    [
        F("file.path", FieldType.String, "Path as the process used it, made absolute."),
        F("file.target_path", FieldType.String, "Resolved path when the path went through a symlink."),
        .. extra,
    ];

    private static EventField[] NetworkFields() =>
    [
        F("network.transport", FieldType.String, "tcp, udp, unix or the protocol number."),
        F("network.family", FieldType.String, "inet, inet6 or unix."),
        F("network.local_address", FieldType.IpAddress, "Local address, when known."),
        F("network.local_port", FieldType.Int64, "Local port, when known."),
        F("network.remote_address", FieldType.IpAddress, "Remote (peer) address."),
        F("network.remote_port", FieldType.Int64, "Remote (peer) port."),
        F("network.unix_path", FieldType.String, "Socket path for unix sockets."),
    ];

    private static EventField[] RegistryFields() =>
    [
        F("registry.key", FieldType.String, "Full key path."),
        F("registry.value", FieldType.String, "Value name, for value events."),
        F("registry.data", FieldType.String, "Value data as text, for sets."),
        F("registry.new_key", FieldType.String, "New key path, for renames."),
    ];

    private static EventField[] AuthFields() =>
    [
        F("auth.account", FieldType.String, "Account that authenticated or tried to."),
        F("auth.method", FieldType.String, "Method, such as password or publickey, when known."),
        F("auth.service", FieldType.String, "Program or service that checked it, such as sshd or sudo."),
        F("auth.terminal", FieldType.String, "Terminal or line."),
        F("auth.remote_address", FieldType.IpAddress, "Remote address the attempt came from."),
        F("auth.remote_host", FieldType.String, "Remote host name."),
        F("auth.message", FieldType.String, "What the source said about it (audit op, failure reason)."),
    ];

    private static EventField[] SessionFields() =>
    [
        F("session.user", FieldType.String, "User of the session."),
        F("session.uid", FieldType.Int64, "User id of the session."),
        F("session.id", FieldType.Int64, "Session id."),
        F("session.terminal", FieldType.String, "Terminal or line."),
        F("session.remote_address", FieldType.IpAddress, "Remote address, for remote logins."),
        F("session.remote_host", FieldType.String, "Remote host name."),
        F("session.service", FieldType.String, "Program that opened or closed the session (sshd, login, ...)."),
    ];

    /// <summary>A process started (exec).</summary>
    public static EventSchema ProcessStart { get; } = new(EventTypes.ProcessStart, "A program was executed.",
    [
        F("process.argc", FieldType.Int64, "Number of arguments."),
        F("process.image_inode", FieldType.Int64, "Inode of the executed file."),
    ]);
    /// <summary>A process exited.</summary>
    public static EventSchema ProcessExit { get; } = new(EventTypes.ProcessExit, "A process exited.",
    [
        F("process.exit_code", FieldType.Int64, "Exit status."),
    ]);
    /// <summary>A file was created.</summary>
    public static EventSchema FileCreate { get; } = new(EventTypes.FileCreate, "A file was created.", FileFields());
    /// <summary>A file was opened for writing or truncated.</summary>
    public static EventSchema FileWrite { get; } = new(EventTypes.FileWrite, "A file was opened for writing or truncated.", FileFields());
    /// <summary>A file was renamed or moved.</summary>
    public static EventSchema FileRename { get; } = new(EventTypes.FileRename, "A file was renamed or moved.",
        FileFields(F("file.old_path", FieldType.String, "Path before the rename.")));
    /// <summary>A file was deleted.</summary>
    public static EventSchema FileDelete { get; } = new(EventTypes.FileDelete, "A file or directory was deleted.", FileFields());
    /// <summary>A file was read (requires a user-defined rule on Linux).</summary>
    public static EventSchema FileRead { get; } = new(EventTypes.FileRead, "A file was opened for reading (under a user-defined audit rule on Linux).",
        FileFields(F("file.rule_key", FieldType.String, "Key of the audit rule that selected the read.")));
    /// <summary>A file's permissions changed.</summary>
    public static EventSchema FilePermission { get; } = new(EventTypes.FilePermission, "A file's permission bits changed.",
        FileFields(F("file.mode", FieldType.String, "New mode, in octal.")));
    /// <summary>A file's owner or group changed.</summary>
    public static EventSchema FileOwner { get; } = new(EventTypes.FileOwner, "A file's owner or group changed.",
        FileFields(F("file.owner_uid", FieldType.Int64, "New owner uid (absent if unchanged)."), F("file.owner_gid", FieldType.Int64, "New group gid (absent if unchanged).")));
    /// <summary>An outbound connection.</summary>
    public static EventSchema NetworkConnect { get; } = new(EventTypes.NetworkConnect, "A process connected out (connect).", NetworkFields());
    /// <summary>An inbound connection was accepted.</summary>
    public static EventSchema NetworkAccept { get; } = new(EventTypes.NetworkAccept, "A process accepted an inbound connection.", NetworkFields());
    /// <summary>A socket was bound to a local address.</summary>
    public static EventSchema NetworkBind { get; } = new(EventTypes.NetworkBind, "A process bound a socket to a local address.", NetworkFields());
    /// <summary>A socket started listening.</summary>
    public static EventSchema NetworkListen { get; } = new(EventTypes.NetworkListen, "A process made a socket listen.", NetworkFields());
    /// <summary>A shared library or DLL was loaded.</summary>
    public static EventSchema ImageLoad { get; } = new(EventTypes.ImageLoad, "A library (image) was loaded into a process.",
    [
        F("image.path", FieldType.String, "Path of the loaded image."),
        F("image.hash", FieldType.String, "Hash of the image (sha256:hex)."),
        F("image.base", FieldType.Int64, "Load address, when known."),
        F("image.size", FieldType.Int64, "Image size in bytes, when known."),
    ]);
    /// <summary>A kernel module or driver was loaded.</summary>
    public static EventSchema DriverLoad { get; } = new(EventTypes.DriverLoad, "A kernel module or driver was loaded (or a load was attempted).",
    [
        F("driver.name", FieldType.String, "Module or driver name."),
        F("driver.path", FieldType.String, "Path of the module file, when known."),
        F("driver.hash", FieldType.String, "Hash of the module file."),
        F("driver.signature", FieldType.String, "Signature status, when the OS reports it."),
    ]);
    /// <summary>A kernel module or driver was unloaded.</summary>
    public static EventSchema DriverUnload { get; } = new(EventTypes.DriverUnload, "A kernel module or driver was unloaded.",
    [
        F("driver.name", FieldType.String, "Module or driver name."),
    ]);
    /// <summary>A registry key was created.</summary>
    public static EventSchema RegistryKeyCreate { get; } = new(EventTypes.RegistryKeyCreate, "A registry key was created.", RegistryFields());
    /// <summary>A registry key was deleted.</summary>
    public static EventSchema RegistryKeyDelete { get; } = new(EventTypes.RegistryKeyDelete, "A registry key was deleted.", RegistryFields());
    /// <summary>A registry key was renamed.</summary>
    public static EventSchema RegistryKeyRename { get; } = new(EventTypes.RegistryKeyRename, "A registry key was renamed.", RegistryFields());
    /// <summary>A registry value was set.</summary>
    public static EventSchema RegistryValueSet { get; } = new(EventTypes.RegistryValueSet, "A registry value was set.", RegistryFields());
    /// <summary>A registry value was deleted.</summary>
    public static EventSchema RegistryValueDelete { get; } = new(EventTypes.RegistryValueDelete, "A registry value was deleted.", RegistryFields());
    /// <summary>An authentication succeeded.</summary>
    public static EventSchema AuthSuccess { get; } = new(EventTypes.AuthSuccess, "An authentication succeeded.", AuthFields());
    /// <summary>An authentication failed.</summary>
    public static EventSchema AuthFailure { get; } = new(EventTypes.AuthFailure, "An authentication failed.", AuthFields());
    /// <summary>A process gained privileges.</summary>
    public static EventSchema PrivilegeChange { get; } = new(EventTypes.PrivilegeChange, "A process changed or gained privileges (su, sudo, setuid to root, elevation).",
    [
        F("privilege.kind", FieldType.String, "su, sudo, setuid or elevation."),
        F("privilege.target_user", FieldType.String, "User the process became."),
        F("privilege.target_uid", FieldType.Int64, "User id the process became."),
        F("privilege.command", FieldType.String, "Command run with the privileges (sudo), when known."),
    ]);
    /// <summary>A user logged in.</summary>
    public static EventSchema SessionLogin { get; } = new(EventTypes.SessionLogin, "A user logged in or a session started.", SessionFields());
    /// <summary>A user logged out.</summary>
    public static EventSchema SessionLogout { get; } = new(EventTypes.SessionLogout, "A user logged out or a session ended.", SessionFields());
    /// <summary>A DNS query.</summary>
    public static EventSchema DnsQuery { get; } = new(EventTypes.DnsQuery, "A process resolved a name.",
    [
        F("dns.name", FieldType.String, "Name queried."),
        F("dns.type", FieldType.String, "Record type (A, AAAA, ...)."),
        F("dns.status", FieldType.Int64, "Response status code."),
        F("dns.answers", FieldType.String, "Answers, separated by ';'."),
    ]);
    /// <summary>An HTTP request's headers.</summary>
    public static EventSchema HttpHeader { get; } = new(EventTypes.HttpHeader, "A process sent or received HTTP headers.",
    [
        F("http.url", FieldType.String, "Request URL."),
        F("http.method", FieldType.String, "Request method."),
        F("http.headers", FieldType.String, "Header lines, separated by CRLF."),
        F("http.direction", FieldType.String, "request or response."),
    ]);

    /// <summary>Every built-in schema.</summary>
    public static IReadOnlyList<EventSchema> All { get; } =
    [
        ProcessStart, ProcessExit,
        FileCreate, FileWrite, FileRename, FileDelete, FileRead, FilePermission, FileOwner,
        NetworkConnect, NetworkAccept, NetworkBind, NetworkListen,
        ImageLoad, DriverLoad, DriverUnload,
        RegistryKeyCreate, RegistryKeyDelete, RegistryKeyRename, RegistryValueSet, RegistryValueDelete,
        AuthSuccess, AuthFailure, PrivilegeChange, SessionLogin, SessionLogout,
        DnsQuery, HttpHeader,
    ];
}

namespace Recorder.Contracts.Events;

/// <summary>
/// The schemas of the built-in event types, shared by every collector on every OS. Each is a typed schema whose
/// properties are <see cref="FieldKey{T}"/> handles to its fields (<c>EventSchemas.FileRename.OldPath</c>). A
/// collector that records something new declares its own <see cref="EventSchema"/> instead.
/// </summary>
public static class EventSchemas
{
    /// <summary>A process started (exec).</summary>
    public static ProcessStartSchema ProcessStart { get; } = new();
    /// <summary>A process exited.</summary>
    public static ProcessExitSchema ProcessExit { get; } = new();
    /// <summary>A file was created.</summary>
    public static FileEventSchema FileCreate { get; } = new(EventTypes.FileCreate, "A file was created.");
    /// <summary>A file was opened for writing or truncated.</summary>
    public static FileEventSchema FileWrite { get; } = new(EventTypes.FileWrite, "A file was opened for writing or truncated.");
    /// <summary>A file was renamed or moved.</summary>
    public static FileRenameSchema FileRename { get; } = new();
    /// <summary>A file was deleted.</summary>
    public static FileEventSchema FileDelete { get; } = new(EventTypes.FileDelete, "A file or directory was deleted.");
    /// <summary>A file was read (requires a user-defined rule on Linux).</summary>
    public static FileReadSchema FileRead { get; } = new();
    /// <summary>A file's permissions changed.</summary>
    public static FilePermissionSchema FilePermission { get; } = new();
    /// <summary>A file's owner or group changed.</summary>
    public static FileOwnerSchema FileOwner { get; } = new();
    /// <summary>An outbound connection.</summary>
    public static NetworkEventSchema NetworkConnect { get; } = new(EventTypes.NetworkConnect, "A process connected out (connect).");
    /// <summary>An inbound connection was accepted.</summary>
    public static NetworkEventSchema NetworkAccept { get; } = new(EventTypes.NetworkAccept, "A process accepted an inbound connection.");
    /// <summary>A socket was bound to a local address.</summary>
    public static NetworkEventSchema NetworkBind { get; } = new(EventTypes.NetworkBind, "A process bound a socket to a local address.");
    /// <summary>A socket started listening.</summary>
    public static NetworkEventSchema NetworkListen { get; } = new(EventTypes.NetworkListen, "A process made a socket listen.");
    /// <summary>A shared library or DLL was loaded.</summary>
    public static ImageLoadSchema ImageLoad { get; } = new();
    /// <summary>A kernel module or driver was loaded.</summary>
    public static DriverLoadSchema DriverLoad { get; } = new();
    /// <summary>A kernel module or driver was unloaded.</summary>
    public static DriverEventSchema DriverUnload { get; } = new(EventTypes.DriverUnload, "A kernel module or driver was unloaded.");
    /// <summary>A registry key was created.</summary>
    public static RegistryEventSchema RegistryKeyCreate { get; } = new(EventTypes.RegistryKeyCreate, "A registry key was created.");
    /// <summary>A registry key was deleted.</summary>
    public static RegistryEventSchema RegistryKeyDelete { get; } = new(EventTypes.RegistryKeyDelete, "A registry key was deleted.");
    /// <summary>A registry key was renamed.</summary>
    public static RegistryEventSchema RegistryKeyRename { get; } = new(EventTypes.RegistryKeyRename, "A registry key was renamed.");
    /// <summary>A registry value was set.</summary>
    public static RegistryEventSchema RegistryValueSet { get; } = new(EventTypes.RegistryValueSet, "A registry value was set.");
    /// <summary>A registry value was deleted.</summary>
    public static RegistryEventSchema RegistryValueDelete { get; } = new(EventTypes.RegistryValueDelete, "A registry value was deleted.");
    /// <summary>An authentication succeeded.</summary>
    public static AuthEventSchema AuthSuccess { get; } = new(EventTypes.AuthSuccess, "An authentication succeeded.");
    /// <summary>An authentication failed.</summary>
    public static AuthEventSchema AuthFailure { get; } = new(EventTypes.AuthFailure, "An authentication failed.");
    /// <summary>A process gained privileges.</summary>
    public static PrivilegeChangeSchema PrivilegeChange { get; } = new();
    /// <summary>A user logged in.</summary>
    public static SessionEventSchema SessionLogin { get; } = new(EventTypes.SessionLogin, "A user logged in or a session started.");
    /// <summary>A user logged out.</summary>
    public static SessionEventSchema SessionLogout { get; } = new(EventTypes.SessionLogout, "A user logged out or a session ended.");
    /// <summary>A DNS query.</summary>
    public static DnsQuerySchema DnsQuery { get; } = new();
    /// <summary>An HTTP request's headers.</summary>
    public static HttpHeaderSchema HttpHeader { get; } = new();
    /// <summary>The recorder lost events or records here (written by the host and collectors, stored by every sink).</summary>
    public static RecorderLossSchema RecorderLoss { get; } = new();

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
        RecorderLoss,
    ];
}

namespace Recorder.Contracts.Events;

/// <summary>The schema shared by <c>auth.success</c> and <c>auth.failure</c>; each instance has its own handles.</summary>
public sealed class AuthEventSchema : EventSchema
{
    internal AuthEventSchema(string name, string description) : base(name, description,
    [
        new("auth.account", FieldType.String, "Account that authenticated or tried to."),
        new("auth.method", FieldType.String, "Method, such as password or publickey, when known."),
        new("auth.service", FieldType.String, "Program or service that checked it, such as sshd or sudo."),
        new("auth.terminal", FieldType.String, "Terminal or line."),
        new("auth.remote_address", FieldType.IpAddress, "Remote address the attempt came from."),
        new("auth.remote_host", FieldType.String, "Remote host name."),
        new("auth.message", FieldType.String, "What the source said about it (audit op, failure reason)."),
    ])
    {
        Account = Key<string?>("auth.account");
        Method = Key<string?>("auth.method");
        Service = Key<string?>("auth.service");
        Terminal = Key<string?>("auth.terminal");
        RemoteAddress = Key<string?>("auth.remote_address");
        RemoteHost = Key<string?>("auth.remote_host");
        Message = Key<string?>("auth.message");
    }

    /// <summary><c>auth.account</c>.</summary>
    public FieldKey<string?> Account { get; }
    /// <summary><c>auth.method</c>.</summary>
    public FieldKey<string?> Method { get; }
    /// <summary><c>auth.service</c>.</summary>
    public FieldKey<string?> Service { get; }
    /// <summary><c>auth.terminal</c>.</summary>
    public FieldKey<string?> Terminal { get; }
    /// <summary><c>auth.remote_address</c>.</summary>
    public FieldKey<string?> RemoteAddress { get; }
    /// <summary><c>auth.remote_host</c>.</summary>
    public FieldKey<string?> RemoteHost { get; }
    /// <summary><c>auth.message</c>.</summary>
    public FieldKey<string?> Message { get; }
}

/// <summary>The schema of <c>privilege.change</c>.</summary>
public sealed class PrivilegeChangeSchema : EventSchema
{
    internal PrivilegeChangeSchema() : base(EventTypes.PrivilegeChange, "A process changed or gained privileges (su, sudo, setuid to root, elevation).",
    [
        new("privilege.kind", FieldType.String, "su, sudo, setuid or elevation."),
        new("privilege.target_user", FieldType.String, "User the process became."),
        new("privilege.target_uid", FieldType.Int64, "User id the process became."),
        new("privilege.command", FieldType.String, "Command run with the privileges (sudo), when known."),
    ])
    {
        Kind = Key<string?>("privilege.kind");
        TargetUser = Key<string?>("privilege.target_user");
        TargetUid = Key<long?>("privilege.target_uid");
        Command = Key<string?>("privilege.command");
    }

    /// <summary><c>privilege.kind</c>.</summary>
    public FieldKey<string?> Kind { get; }
    /// <summary><c>privilege.target_user</c>.</summary>
    public FieldKey<string?> TargetUser { get; }
    /// <summary><c>privilege.target_uid</c>.</summary>
    public FieldKey<long?> TargetUid { get; }
    /// <summary><c>privilege.command</c>.</summary>
    public FieldKey<string?> Command { get; }
}

/// <summary>The schema shared by <c>session.login</c> and <c>session.logout</c>; each instance has its own handles.</summary>
public sealed class SessionEventSchema : EventSchema
{
    internal SessionEventSchema(string name, string description) : base(name, description,
    [
        new("session.user", FieldType.String, "User of the session."),
        new("session.uid", FieldType.Int64, "User id of the session."),
        new("session.id", FieldType.Int64, "Session id."),
        new("session.terminal", FieldType.String, "Terminal or line."),
        new("session.remote_address", FieldType.IpAddress, "Remote address, for remote logins."),
        new("session.remote_host", FieldType.String, "Remote host name."),
        new("session.service", FieldType.String, "Program that opened or closed the session (sshd, login, ...)."),
    ])
    {
        User = Key<string?>("session.user");
        Uid = Key<long?>("session.uid");
        Id = Key<long?>("session.id");
        Terminal = Key<string?>("session.terminal");
        RemoteAddress = Key<string?>("session.remote_address");
        RemoteHost = Key<string?>("session.remote_host");
        Service = Key<string?>("session.service");
    }

    /// <summary><c>session.user</c>.</summary>
    public FieldKey<string?> User { get; }
    /// <summary><c>session.uid</c>.</summary>
    public FieldKey<long?> Uid { get; }
    /// <summary><c>session.id</c>.</summary>
    public FieldKey<long?> Id { get; }
    /// <summary><c>session.terminal</c>.</summary>
    public FieldKey<string?> Terminal { get; }
    /// <summary><c>session.remote_address</c>.</summary>
    public FieldKey<string?> RemoteAddress { get; }
    /// <summary><c>session.remote_host</c>.</summary>
    public FieldKey<string?> RemoteHost { get; }
    /// <summary><c>session.service</c>.</summary>
    public FieldKey<string?> Service { get; }
}

using Recorder.Contracts.Events;

namespace Recorder.Linux.Audit.Normalization;

// Field handles resolved once, so building an event indexes by ordinal instead of looking names up.

internal static class ProcessStartFields
{
    public static readonly EventField Argc = EventSchemas.ProcessStart["process.argc"];
    public static readonly EventField ImageInode = EventSchemas.ProcessStart["process.image_inode"];
}

internal static class ProcessExitFields
{
    public static readonly EventField ExitCode = EventSchemas.ProcessExit["process.exit_code"];
}

/// <summary>file.path sits at the same ordinal in every file schema (FileFields puts it first).</summary>
internal static class FileFields
{
    public static readonly EventField Path = EventSchemas.FileWrite["file.path"];
}

internal static class FileRenameFields
{
    public static readonly EventField OldPath = EventSchemas.FileRename["file.old_path"];
}

internal static class FileReadFields
{
    public static readonly EventField RuleKey = EventSchemas.FileRead["file.rule_key"];
}

internal static class FilePermissionFields
{
    public static readonly EventField Mode = EventSchemas.FilePermission["file.mode"];
}

internal static class FileOwnerFields
{
    public static readonly EventField OwnerUid = EventSchemas.FileOwner["file.owner_uid"];
    public static readonly EventField OwnerGid = EventSchemas.FileOwner["file.owner_gid"];
}

/// <summary>The network schemas share one field layout.</summary>
internal static class NetworkFields
{
    public static readonly EventField Transport = EventSchemas.NetworkConnect["network.transport"];
    public static readonly EventField Family = EventSchemas.NetworkConnect["network.family"];
    public static readonly EventField LocalAddress = EventSchemas.NetworkConnect["network.local_address"];
    public static readonly EventField LocalPort = EventSchemas.NetworkConnect["network.local_port"];
    public static readonly EventField RemoteAddress = EventSchemas.NetworkConnect["network.remote_address"];
    public static readonly EventField RemotePort = EventSchemas.NetworkConnect["network.remote_port"];
    public static readonly EventField UnixPath = EventSchemas.NetworkConnect["network.unix_path"];
}

/// <summary>driver.name is first in both driver schemas.</summary>
internal static class DriverFields
{
    public static readonly EventField Name = EventSchemas.DriverLoad["driver.name"];
}

internal static class PrivilegeFields
{
    public static readonly EventField Kind = EventSchemas.PrivilegeChange["privilege.kind"];
    public static readonly EventField TargetUser = EventSchemas.PrivilegeChange["privilege.target_user"];
    public static readonly EventField TargetUid = EventSchemas.PrivilegeChange["privilege.target_uid"];
    public static readonly EventField Command = EventSchemas.PrivilegeChange["privilege.command"];
}

/// <summary>auth.success and auth.failure share one layout.</summary>
internal static class AuthFields
{
    public static readonly EventField Account = EventSchemas.AuthSuccess["auth.account"];
    public static readonly EventField Method = EventSchemas.AuthSuccess["auth.method"];
    public static readonly EventField Service = EventSchemas.AuthSuccess["auth.service"];
    public static readonly EventField Terminal = EventSchemas.AuthSuccess["auth.terminal"];
    public static readonly EventField RemoteAddress = EventSchemas.AuthSuccess["auth.remote_address"];
    public static readonly EventField RemoteHost = EventSchemas.AuthSuccess["auth.remote_host"];
    public static readonly EventField Message = EventSchemas.AuthSuccess["auth.message"];
}

/// <summary>session.login and session.logout share one layout.</summary>
internal static class SessionFields
{
    public static readonly EventField User = EventSchemas.SessionLogin["session.user"];
    public static readonly EventField Uid = EventSchemas.SessionLogin["session.uid"];
    public static readonly EventField Id = EventSchemas.SessionLogin["session.id"];
    public static readonly EventField Terminal = EventSchemas.SessionLogin["session.terminal"];
    public static readonly EventField RemoteAddress = EventSchemas.SessionLogin["session.remote_address"];
    public static readonly EventField RemoteHost = EventSchemas.SessionLogin["session.remote_host"];
    public static readonly EventField Service = EventSchemas.SessionLogin["session.service"];
}

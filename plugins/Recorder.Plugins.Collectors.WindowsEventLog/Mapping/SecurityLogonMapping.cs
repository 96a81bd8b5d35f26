using System.Globalization;
using Recorder.Contracts.Events;
using Recorder.Windows.EventLog;
using static Recorder.Plugins.Collectors.WindowsEventLog.Mapping.WindowsFields;

namespace Recorder.Plugins.Collectors.WindowsEventLog.Mapping;

/// <summary>
/// Logons from the Security log (provider Microsoft-Windows-Security-Auditing): 4624 logon → session.login,
/// 4625 failed logon → auth.failure, 4634 logoff and 4647 user-initiated logoff → session.logout, 4648 logon with
/// explicit credentials → auth.success, 4672 special privileges assigned → privilege.change. The account logging
/// on is the session's or authentication's user; the process context is the process that asked (ProcessId,
/// ProcessName) and the subject account it ran as. What the built-in schemas have no field for (logon type,
/// target domain and SID, authentication package) goes into tags named <c>windows.*</c>.
/// </summary>
internal static class SecurityLogonMapping
{
    public const string Provider = "Microsoft-Windows-Security-Auditing";

    public static string? TypeOf(WindowsEvent e) => e.EventId switch
    {
        4624 => EventTypes.SessionLogin,
        4625 => EventTypes.AuthFailure,
        4634 or 4647 => EventTypes.SessionLogout,
        4648 => EventTypes.AuthSuccess,
        4672 => EventTypes.PrivilegeChange,
        _ => null,
    };

    public static RecorderEvent? Map(WindowsEvent e) => e.EventId switch
    {
        4624 => Logon(e),
        4625 => FailedLogon(e),
        4634 or 4647 => Logoff(e),
        4648 => ExplicitCredentials(e),
        4672 => SpecialPrivileges(e),
        _ => null,
    };

    private static RecorderEvent Logon(WindowsEvent e)
    {
        var schema = EventSchemas.SessionLogin;
        var recorderEvent = Header(new RecorderEvent(schema), e, EventOutcome.Success);
        recorderEvent.Set(schema.User, Text(e.Get("TargetUserName")));
        recorderEvent.Set(schema.Id, Integer(e.Get("TargetLogonId")));
        recorderEvent.Set(schema.RemoteAddress, Address(e.Get("IpAddress")));
        recorderEvent.Set(schema.RemoteHost, Text(e.Get("WorkstationName")));
        recorderEvent.Set(schema.Service, Text(e.Get("LogonProcessName")?.Trim()));
        TagTarget(recorderEvent, e);
        return recorderEvent;
    }

    private static RecorderEvent FailedLogon(WindowsEvent e)
    {
        var schema = EventSchemas.AuthFailure;
        var recorderEvent = Header(new RecorderEvent(schema), e, EventOutcome.Failure);
        recorderEvent.Set(schema.Account, Text(e.Get("TargetUserName")));
        recorderEvent.Set(schema.Method, Text(e.Get("AuthenticationPackageName")));
        recorderEvent.Set(schema.Service, Text(e.Get("LogonProcessName")?.Trim()));
        recorderEvent.Set(schema.RemoteAddress, Address(e.Get("IpAddress")));
        recorderEvent.Set(schema.RemoteHost, Text(e.Get("WorkstationName")));
        var status = Integer(e.Get("Status"));
        var subStatus = Integer(e.Get("SubStatus"));
        recorderEvent.ResultCode = subStatus is null or 0 ? status : subStatus;
        recorderEvent.Set(schema.Message, FailureMessage(status, subStatus));
        TagTarget(recorderEvent, e);
        return recorderEvent;
    }

    private static RecorderEvent Logoff(WindowsEvent e)
    {
        var schema = EventSchemas.SessionLogout;
        var recorderEvent = Header(new RecorderEvent(schema), e, EventOutcome.Success);
        recorderEvent.Set(schema.User, Text(e.Get("TargetUserName")));
        recorderEvent.Set(schema.Id, Integer(e.Get("TargetLogonId")));
        TagTarget(recorderEvent, e);
        if (e.EventId == 4647) recorderEvent.Tags["windows.logoff"] = "user-initiated";
        return recorderEvent;
    }

    private static RecorderEvent ExplicitCredentials(WindowsEvent e)
    {
        var schema = EventSchemas.AuthSuccess;
        var recorderEvent = Header(new RecorderEvent(schema), e, EventOutcome.Success);
        recorderEvent.Set(schema.Account, Text(e.Get("TargetUserName")));
        recorderEvent.Set(schema.Method, "explicit credentials");
        recorderEvent.Set(schema.Service, Text(e.Get("TargetServerName")));
        recorderEvent.Set(schema.RemoteAddress, Address(e.Get("IpAddress")));
        recorderEvent.Set(schema.RemoteHost, Text(e.Get("TargetInfo")));
        TagTarget(recorderEvent, e);
        return recorderEvent;
    }

    private static RecorderEvent SpecialPrivileges(WindowsEvent e)
    {
        var schema = EventSchemas.PrivilegeChange;
        var recorderEvent = Header(new RecorderEvent(schema), e, EventOutcome.Success);
        recorderEvent.Set(schema.Kind, "special privileges");
        recorderEvent.Set(schema.TargetUser, Text(e.Get("SubjectUserName")));
        var privileges = Text(e.Get("PrivilegeList"))?.Split((char[])['\r', '\n', '\t', ' '], StringSplitOptions.RemoveEmptyEntries);
        recorderEvent.Set(schema.Command, privileges is null ? null : string.Join(' ', privileges));
        return recorderEvent;
    }

    /// <summary>Time, outcome, and the asking process: ProcessId/ProcessName and the Subject* account.</summary>
    private static RecorderEvent Header(RecorderEvent recorderEvent, WindowsEvent e, EventOutcome outcome)
    {
        recorderEvent.Time = e.TimeCreated;
        recorderEvent.Outcome = outcome;
        var process = recorderEvent.Process;
        process.Pid = Integer(e.Get("ProcessId"));
        process.Executable = Text(e.Get("ProcessName"));
        process.UserName = Text(e.Get("SubjectUserName"));
        process.UserDomain = Text(e.Get("SubjectDomainName"));
        process.UserSid = Text(e.Get("SubjectUserSid"));
        process.LogonId = Integer(e.Get("SubjectLogonId"));
        return recorderEvent;
    }

    private static void TagTarget(RecorderEvent recorderEvent, WindowsEvent e)
    {
        void Tag(string name, string? value)
        {
            if (Text(value) is { } text) recorderEvent.Tags[name] = text;
        }
        Tag("windows.logon_type", LogonTypeName(e.Get("LogonType")));
        Tag("windows.target_domain", e.Get("TargetDomainName"));
        Tag("windows.target_sid", e.Get("TargetUserSid"));
        Tag("windows.auth_package", e.Get("AuthenticationPackageName"));
    }

    /// <summary>The logon type as number and name: <c>10 (RemoteInteractive)</c>.</summary>
    internal static string? LogonTypeName(string? value)
    {
        var type = Integer(value);
        if (type is null) return null;
        var name = type switch
        {
            2 => "Interactive", 3 => "Network", 4 => "Batch", 5 => "Service", 7 => "Unlock", 8 => "NetworkCleartext",
            9 => "NewCredentials", 10 => "RemoteInteractive", 11 => "CachedInteractive", 12 => "CachedRemoteInteractive",
            13 => "CachedUnlock", _ => null,
        };
        var number = type.Value.ToString(CultureInfo.InvariantCulture);
        return name is null ? number : $"{number} ({name})";
    }

    /// <summary>The NTSTATUS of a failed logon as words, with the codes: <c>bad password (status 0xc000006d, sub-status 0xc000006a)</c>.</summary>
    internal static string FailureMessage(long? status, long? subStatus)
    {
        var code = subStatus is null or 0 ? status : subStatus;
        var reason = (code & 0xFFFFFFFF) switch
        {
            0xC0000064 => "no such user",
            0xC000006A => "bad password",
            0xC000006D => "bad user name or password",
            0xC000006E => "account restriction",
            0xC000006F => "outside the allowed logon hours",
            0xC0000070 => "workstation not allowed",
            0xC0000071 => "password expired",
            0xC0000072 => "account disabled",
            0xC0000133 => "clock skew with the domain controller",
            0xC000015B => "logon type not granted",
            0xC0000193 => "account expired",
            0xC0000224 => "password must change",
            0xC0000234 => "account locked out",
            _ => "logon failed",
        };
        string Hex(long? value) => "0x" + ((value ?? 0) & 0xFFFFFFFF).ToString("x8", CultureInfo.InvariantCulture);
        return subStatus is null or 0 ? $"{reason} (status {Hex(status)})" : $"{reason} (status {Hex(status)}, sub-status {Hex(subStatus)})";
    }
}

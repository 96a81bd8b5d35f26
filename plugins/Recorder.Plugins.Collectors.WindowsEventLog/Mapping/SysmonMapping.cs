using Recorder.Contracts.Events;
using Recorder.Windows.EventLog;
using static Recorder.Plugins.Collectors.WindowsEventLog.Mapping.WindowsFields;

namespace Recorder.Plugins.Collectors.WindowsEventLog.Mapping;

/// <summary>
/// Sysmon's operational log (provider Microsoft-Windows-Sysmon) to Recorder events. Sysmon's ProcessGuid becomes the
/// process GUID (it is built from the machine, the creation time and the kernel's start key, so it survives PID
/// reuse), its UtcTime the event time, its Hashes the executable or image hash.
/// </summary>
internal static class SysmonMapping
{
    public const string Provider = "Microsoft-Windows-Sysmon";

    /// <summary>The event type each mapped Sysmon event id becomes (registry events by their EventType field).</summary>
    public static string? TypeOf(WindowsEvent e) => e.EventId switch
    {
        1 => EventTypes.ProcessStart,
        3 => e.Get("Initiated") == "false" ? EventTypes.NetworkAccept : EventTypes.NetworkConnect,
        5 => EventTypes.ProcessExit,
        6 => EventTypes.DriverLoad,
        7 => EventTypes.ImageLoad,
        8 => WindowsSchemas.RemoteThread.Name,
        10 => WindowsSchemas.ProcessAccess.Name,
        11 => EventTypes.FileCreate,
        12 or 13 or 14 => RegistrySchema(e)?.Name,
        22 => EventTypes.DnsQuery,
        23 or 26 => EventTypes.FileDelete,
        _ => null,
    };

    /// <summary>The Recorder event for <paramref name="e"/>, or null for an event id the mapping does not cover.</summary>
    public static RecorderEvent? Map(WindowsEvent e) => e.EventId switch
    {
        1 => ProcessStart(e),
        3 => Network(e),
        5 => WithProcess(new RecorderEvent(EventSchemas.ProcessExit), e),
        6 => DriverLoad(e),
        7 => ImageLoad(e),
        8 => RemoteThread(e),
        10 => ProcessAccess(e),
        11 => File(EventSchemas.FileCreate, e),
        12 or 13 or 14 => Registry(e),
        22 => Dns(e),
        23 or 26 => File(EventSchemas.FileDelete, e),
        _ => null,
    };

    /// <summary>Header and acting process: Sysmon's UtcTime (when it happened) and ProcessGuid, ProcessId, Image, User.</summary>
    private static RecorderEvent WithProcess(RecorderEvent recorderEvent, WindowsEvent e, string guidField = "ProcessGuid",
        string pidField = "ProcessId", string imageField = "Image", string userField = "User")
    {
        recorderEvent.Time = SysmonTime(e.Get("UtcTime")) ?? e.TimeCreated;
        recorderEvent.Outcome = EventOutcome.Success;
        var process = recorderEvent.Process;
        process.ProcessGuid = Guid(e.Get(guidField));
        process.Pid = Integer(e.Get(pidField));
        process.Executable = Text(e.Get(imageField));
        var (domain, user) = DomainUser(e.Get(userField));
        process.UserName = user;
        process.UserDomain = domain;
        return recorderEvent;
    }

    private static RecorderEvent ProcessStart(WindowsEvent e)
    {
        var recorderEvent = WithProcess(new RecorderEvent(EventSchemas.ProcessStart), e);
        var process = recorderEvent.Process;
        process.StartTime = recorderEvent.Time;
        process.CommandLine = Text(e.Get("CommandLine"));
        process.WorkingDirectory = Text(e.Get("CurrentDirectory"));
        process.ExecutableHash = Hashes(e.Get("Hashes"));
        process.LogonId = Integer(e.Get("LogonId"));
        process.TerminalSessionId = Integer(e.Get("TerminalSessionId"));
        process.IntegrityLevel = Text(e.Get("IntegrityLevel"))?.ToLowerInvariant();
        process.ParentProcessGuid = Guid(e.Get("ParentProcessGuid"));
        process.ParentPid = Integer(e.Get("ParentProcessId"));
        process.ParentExecutable = Text(e.Get("ParentImage"));
        process.ParentCommandLine = Text(e.Get("ParentCommandLine"));
        CopyTags(recorderEvent, e, VersionInfoTags);
        CopyTags(recorderEvent, e, ProcessStartTags);
        return recorderEvent;
    }

    private static RecorderEvent Network(WindowsEvent e)
    {
        // Sysmon names the initiator Source: for an inbound connection (Initiated=false) the source is the peer.
        var inbound = e.Get("Initiated") == "false";
        var schema = inbound ? EventSchemas.NetworkAccept : EventSchemas.NetworkConnect;
        var recorderEvent = WithProcess(new RecorderEvent(schema), e);
        var (local, remote) = inbound ? ("Destination", "Source") : ("Source", "Destination");
        recorderEvent.Set(schema.Transport, Text(e.Get("Protocol")));
        recorderEvent.Set(schema.Family, e.Get("DestinationIsIpv6") == "true" ? "inet6" : "inet");
        recorderEvent.Set(schema.LocalAddress, Address(e.Get(local + "Ip")));
        recorderEvent.Set(schema.LocalPort, Integer(e.Get(local + "Port")));
        recorderEvent.Set(schema.RemoteAddress, Address(e.Get(remote + "Ip")));
        recorderEvent.Set(schema.RemotePort, Integer(e.Get(remote + "Port")));
        // Host names as Sysmon wrote them (Destination is the target of the connection whichever side initiated).
        CopyTags(recorderEvent, e, NetworkTags);
        return recorderEvent;
    }

    private static RecorderEvent DriverLoad(WindowsEvent e)
    {
        var schema = EventSchemas.DriverLoad;
        var recorderEvent = new RecorderEvent(schema) { Time = SysmonTime(e.Get("UtcTime")) ?? e.TimeCreated, Outcome = EventOutcome.Success };
        var path = Text(e.Get("ImageLoaded"));
        recorderEvent.Set(schema.DriverName, path is null ? null : Path.GetFileName(path.Replace('\\', '/')));
        recorderEvent.Set(schema.Path, path);
        recorderEvent.Set(schema.Hash, Hashes(e.Get("Hashes")));
        recorderEvent.Set(schema.Signature, Signature(e));
        // Drivers load in the System process.
        recorderEvent.Process.Pid = 4;
        return recorderEvent;
    }

    private static RecorderEvent ImageLoad(WindowsEvent e)
    {
        var schema = EventSchemas.ImageLoad;
        var recorderEvent = WithProcess(new RecorderEvent(schema), e);
        recorderEvent.Set(schema.Path, Text(e.Get("ImageLoaded")));
        recorderEvent.Set(schema.Hash, Hashes(e.Get("Hashes")));
        CopyTags(recorderEvent, e, VersionInfoTags);
        CopyTags(recorderEvent, e, SignatureTags);
        return recorderEvent;
    }

    private static string? Signature(WindowsEvent e)
    {
        var signer = Text(e.Get("Signature"));
        var status = Text(e.Get("SignatureStatus"));
        if (e.Get("Signed") == "false") return status is null ? "unsigned" : $"unsigned ({status})";
        return signer is null ? status : status is null ? signer : $"{signer} ({status})";
    }

    private static RecorderEvent RemoteThread(WindowsEvent e)
    {
        var schema = WindowsSchemas.RemoteThread;
        var recorderEvent = WithProcess(new RecorderEvent(schema), e, "SourceProcessGuid", "SourceProcessId", "SourceImage", "SourceUser");
        recorderEvent.Set(schema.TargetGuid, NullIfEmpty(Guid(e.Get("TargetProcessGuid"))));
        recorderEvent.Set(schema.TargetPid, Integer(e.Get("TargetProcessId")));
        recorderEvent.Set(schema.TargetPath, Text(e.Get("TargetImage")));
        recorderEvent.Set(schema.TargetUser, Text(e.Get("TargetUser")));
        recorderEvent.Set(schema.ThreadId, Integer(e.Get("NewThreadId")));
        recorderEvent.Set(schema.StartAddress, Text(e.Get("StartAddress")));
        recorderEvent.Set(schema.StartModule, Text(e.Get("StartModule")));
        recorderEvent.Set(schema.StartFunction, Text(e.Get("StartFunction")));
        return recorderEvent;
    }

    private static RecorderEvent ProcessAccess(WindowsEvent e)
    {
        var schema = WindowsSchemas.ProcessAccess;
        var recorderEvent = WithProcess(new RecorderEvent(schema), e, "SourceProcessGUID", "SourceProcessId", "SourceImage", "SourceUser");
        recorderEvent.Set(schema.TargetGuid, NullIfEmpty(Guid(e.Get("TargetProcessGUID"))));
        recorderEvent.Set(schema.TargetPid, Integer(e.Get("TargetProcessId")));
        recorderEvent.Set(schema.TargetPath, Text(e.Get("TargetImage")));
        recorderEvent.Set(schema.TargetUser, Text(e.Get("TargetUser")));
        recorderEvent.Set(schema.GrantedAccess, HexMask(e.Get("GrantedAccess")));
        recorderEvent.Set(schema.CallTrace, Text(e.Get("CallTrace")));
        CopyTags(recorderEvent, e, ProcessAccessTags);
        return recorderEvent;
    }

    private static RecorderEvent File(FileEventSchema schema, WindowsEvent e)
    {
        var recorderEvent = WithProcess(new RecorderEvent(schema), e);
        recorderEvent.Set(schema.Path, Text(e.Get("TargetFilename")));
        CopyTags(recorderEvent, e, FileTags);
        return recorderEvent;
    }

    /// <summary>Sysmon 12–14 share three ids between six operations; the EventType field says which.</summary>
    // An access mask as Sysmon writes it (0x1010), whatever the renderer: evtxexport pads it to 0x00001010.
    private static string? HexMask(string? text) =>
        text is ['0', 'x' or 'X', .. var digits] && ulong.TryParse(digits, System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var mask)
            ? "0x" + mask.ToString("x", System.Globalization.CultureInfo.InvariantCulture)
            : Text(text);

    private static RegistryEventSchema? RegistrySchema(WindowsEvent e) => e.Get("EventType") switch
    {
        "CreateKey" => EventSchemas.RegistryKeyCreate,
        "DeleteKey" => EventSchemas.RegistryKeyDelete,
        "RenameKey" => EventSchemas.RegistryKeyRename,
        "SetValue" => EventSchemas.RegistryValueSet,
        "DeleteValue" => EventSchemas.RegistryValueDelete,
        "CreateValue" => EventSchemas.RegistryValueSet,
        _ => null,
    };

    private static RecorderEvent? Registry(WindowsEvent e)
    {
        var schema = RegistrySchema(e);
        if (schema is null) return null;
        var recorderEvent = WithProcess(new RecorderEvent(schema), e);
        var target = Text(e.Get("TargetObject"));
        var isValue = schema == EventSchemas.RegistryValueSet || schema == EventSchemas.RegistryValueDelete;
        if (isValue && target is not null && target.LastIndexOf('\\') is var slash and > 0)
        {
            recorderEvent.Set(schema.KeyPath, target[..slash]);
            recorderEvent.Set(schema.Value, target[(slash + 1)..]);
        }
        else
        {
            recorderEvent.Set(schema.KeyPath, target);
        }
        recorderEvent.Set(schema.Data, Text(e.Get("Details")));
        recorderEvent.Set(schema.NewKey, Text(e.Get("NewName")));
        return recorderEvent;
    }

    private static RecorderEvent Dns(WindowsEvent e)
    {
        var schema = EventSchemas.DnsQuery;
        var recorderEvent = WithProcess(new RecorderEvent(schema), e);
        var status = Integer(e.Get("QueryStatus"));
        recorderEvent.Outcome = status is null or 0 ? EventOutcome.Success : EventOutcome.Failure;
        recorderEvent.ResultCode = status;
        recorderEvent.Set(schema.QueryName, Text(e.Get("QueryName")));
        recorderEvent.Set(schema.Status, status);
        // Sysmon separates answers with ';' and marks the record type of others with "type:  N"; keep them as written.
        recorderEvent.Set(schema.Answers, Text(e.Get("QueryResults"))?.TrimEnd(';'));
        return recorderEvent;
    }

    // Sysmon fields no Recorder schema has a field for, kept as windows.* tags (Sigma rules read them, docs/windows.md).
    private static readonly (string Field, string Tag)[] VersionInfoTags =
    [
        ("OriginalFileName", "windows.original_file_name"), ("Description", "windows.description"),
        ("Product", "windows.product"), ("Company", "windows.company"), ("FileVersion", "windows.file_version"),
    ];
    private static readonly (string Field, string Tag)[] ProcessStartTags =
        [("ParentUser", "windows.parent_user"), ("LogonGuid", "windows.logon_guid")];
    private static readonly (string Field, string Tag)[] SignatureTags =
        [("Signed", "windows.signed"), ("Signature", "windows.signature"), ("SignatureStatus", "windows.signature_status")];
    private static readonly (string Field, string Tag)[] NetworkTags =
        [("DestinationHostname", "windows.destination_hostname"), ("SourceHostname", "windows.source_hostname")];
    private static readonly (string Field, string Tag)[] ProcessAccessTags = [("SourceThreadId", "windows.source_thread_id")];
    private static readonly (string Field, string Tag)[] FileTags = [("CreationUtcTime", "windows.creation_utc_time")];

    /// <summary>Copies the Sysmon fields present (not empty, not <c>-</c>) into their tags, values as Sysmon wrote them.</summary>
    private static void CopyTags(RecorderEvent recorderEvent, WindowsEvent e, (string Field, string Tag)[] tags)
    {
        foreach (var (field, tag) in tags)
            if (Text(e.Get(field)) is { } value) recorderEvent.Tags[tag] = value;
    }

    private static Guid? NullIfEmpty(Guid guid) => guid == System.Guid.Empty ? null : guid;
}

using System.Globalization;
using static Recorder.Plugins.Signals.Mapping.SigmaCategories;

namespace Recorder.Plugins.Signals.Mapping;

/// <summary>
/// The Sigma field names of each logsource category (Sysmon's names, which SigmaHQ's Linux and macOS rules use too)
/// and the Recorder field each is read from. A Sigma field Recorder has no source for is not in the table: it is
/// absent (matches <c>|exists: false</c> and <c>null</c>), never an empty text. The table is documented in
/// <c>docs/signals.md</c>; keep the two together.
/// </summary>
internal static class SigmaFieldMap
{
    /// <summary>Reads one Sigma field's value: a text, an integer, or null when the event does not have it.</summary>
    public delegate object? FieldReader(IEventFields e, string product);

    private static readonly Dictionary<string, Dictionary<string, FieldReader>> ByCategory = Build();

    /// <summary>The value of Sigma field <paramref name="sigmaField"/> of <paramref name="e"/> as category <paramref name="category"/>.</summary>
    public static object? Read(string category, string sigmaField, IEventFields e, string product)
    {
        if (e.Type == WindowsLogSources.EventType) return WindowsEventFields.Read(sigmaField, e);
        return ByCategory.TryGetValue(category, out var fields) && fields.TryGetValue(sigmaField, out var read) ? read(e, product) : null;
    }

    /// <summary>The Sigma fields of a category (for documentation and tests).</summary>
    public static IReadOnlyCollection<string> FieldsOf(string category) =>
        ByCategory.TryGetValue(category, out var fields) ? fields.Keys : [];

    private static Dictionary<string, Dictionary<string, FieldReader>> Build()
    {
        var map = new Dictionary<string, Dictionary<string, FieldReader>>(StringComparer.Ordinal);
        Dictionary<string, FieldReader> Category(string name) => map[name] = new Dictionary<string, FieldReader>(StringComparer.OrdinalIgnoreCase);

        var process = Category(ProcessCreation);
        AddActor(process);
        process["CommandLine"] = Field("process.cmd");
        process["CurrentDirectory"] = Field("process.cwd");
        process["Hashes"] = (e, _) => SysmonHashes(e.Get("process.hash") as string);
        process["IntegrityLevel"] = Field("process.integrity_level");
        process["LogonId"] = (e, product) => product == SigmaProducts.Windows ? Hex(e.Get("process.logon_id")) : null;
        process["TerminalSessionId"] = Field("process.terminal_session");
        process["ParentImage"] = Field("process.parent_path");
        process["ParentCommandLine"] = Field("process.parent_cmd");
        process["ParentProcessId"] = Field("process.parent_pid");
        process["ParentProcessGuid"] = (e, _) => SysmonGuid(e.Get("process.parent_guid"));
        AddVersionInfo(process);
        process["ParentUser"] = WindowsTag("windows.parent_user");
        process["LogonGuid"] = WindowsTag("windows.logon_guid");

        AddActor(Category(ProcessTermination));

        var file = Category(FileEvent);
        AddActor(file);
        file["TargetFilename"] = Field("file.path");
        file["SourceFilename"] = Field("file.old_path");
        file["CreationUtcTime"] = WindowsTag("windows.creation_utc_time");

        var delete = Category(FileDelete);
        AddActor(delete);
        delete["TargetFilename"] = Field("file.path");

        var network = Category(NetworkConnection);
        AddActor(network);
        // Sysmon names the initiator Source: on an accepted connection the peer is the source, this machine the destination.
        static bool Inbound(IEventFields e) => e.Type == "network.accept";
        network["Initiated"] = (e, _) => Inbound(e) ? "false" : "true";
        network["Protocol"] = Field("network.transport");
        network["DestinationIp"] = (e, _) => e.Get(Inbound(e) ? "network.local_address" : "network.remote_address");
        network["DestinationPort"] = (e, _) => e.Get(Inbound(e) ? "network.local_port" : "network.remote_port");
        network["SourceIp"] = (e, _) => e.Get(Inbound(e) ? "network.remote_address" : "network.local_address");
        network["SourcePort"] = (e, _) => e.Get(Inbound(e) ? "network.remote_port" : "network.local_port");
        network["DestinationIsIpv6"] = (e, _) => e.Get("network.family") is string family ? (family == "inet6" ? "true" : "false") : null;
        network["SourceIsIpv6"] = network["DestinationIsIpv6"];
        network["DestinationHostname"] = WindowsTag("windows.destination_hostname");
        network["SourceHostname"] = WindowsTag("windows.source_hostname");

        foreach (var name in new[] { RegistryEvent, RegistryAdd, RegistrySet, RegistryDelete, RegistryRename })
        {
            var registry = Category(name);
            AddActor(registry);
            registry["TargetObject"] = (e, _) => TargetObject(e);
            registry["Details"] = Field("registry.data");
            registry["NewName"] = Field("registry.new_key");
            registry["EventType"] = (e, _) => RegistryEventType(e.Type);
        }

        var dns = Category(DnsQuery);
        AddActor(dns);
        dns["QueryName"] = Field("dns.name");
        dns["QueryStatus"] = Field("dns.status");
        dns["QueryResults"] = Field("dns.answers");

        var image = Category(ImageLoad);
        AddActor(image);
        image["ImageLoaded"] = Field("image.path");
        image["Hashes"] = (e, _) => SysmonHashes(e.Get("image.hash") as string);
        AddVersionInfo(image);
        image["Signed"] = WindowsTag("windows.signed");
        image["Signature"] = WindowsTag("windows.signature");
        image["SignatureStatus"] = WindowsTag("windows.signature_status");

        var driver = Category(DriverLoad);
        driver["ImageLoaded"] = Field("driver.path");
        driver["Hashes"] = (e, _) => SysmonHashes(e.Get("driver.hash") as string);
        driver["Signed"] = (e, _) => e.Get("driver.signature") is string s ? (s.StartsWith("unsigned", StringComparison.Ordinal) ? "false" : "true") : null;
        driver["Signature"] = (e, _) => e.Get("driver.signature") is string s && !s.StartsWith("unsigned", StringComparison.Ordinal) ? Signer(s) : null;
        driver["SignatureStatus"] = (e, _) => e.Get("driver.signature") is string s ? SignatureStatus(s) : null;

        foreach (var name in new[] { ProcessAccess, CreateRemoteThread })
        {
            var access = Category(name);
            access["SourceImage"] = Field("process.path");
            access["SourceProcessId"] = Field("process.pid");
            access["SourceProcessGUID"] = (e, _) => SysmonGuid(e.Get("process.guid"));
            access["SourceProcessGuid"] = access["SourceProcessGUID"];
            access["SourceUser"] = (e, product) => User(e, product);
            access["TargetImage"] = Field("target.path");
            access["TargetProcessId"] = Field("target.pid");
            access["TargetProcessGUID"] = (e, _) => SysmonGuid(e.Get("target.guid"));
            access["TargetProcessGuid"] = access["TargetProcessGUID"];
            access["TargetUser"] = Field("target.user");
        }
        map[ProcessAccess]["GrantedAccess"] = Field("access.granted");
        map[ProcessAccess]["CallTrace"] = Field("access.call_trace");
        map[ProcessAccess]["SourceThreadId"] = (e, _) => long.TryParse(e.Tag("windows.source_thread_id"), out var id) ? id : null;
        map[CreateRemoteThread]["NewThreadId"] = Field("thread.id");
        map[CreateRemoteThread]["StartAddress"] = Field("thread.start_address");
        map[CreateRemoteThread]["StartModule"] = Field("thread.start_module");
        map[CreateRemoteThread]["StartFunction"] = Field("thread.start_function");

        AddSecurityLog(Category(SecurityService));
        return map;
    }

    /// <summary>
    /// The Windows Security log's logon events under their own field names (4624, 4625, 4634/4647, 4648, 4672), as far
    /// as the EVTX mapping keeps them: the type's fields, the asking process and subject account, and the windows.* tags.
    /// </summary>
    private static void AddSecurityLog(Dictionary<string, FieldReader> fields)
    {
        fields["EventID"] = (e, _) => e.Type switch
        {
            "session.login" => 4624L,
            "auth.failure" => 4625L,
            "session.logout" => e.Tag("windows.logoff") is null ? 4634L : 4647L,
            "auth.success" => 4648L,
            "privilege.change" => 4672L,
            _ => null,
        };
        fields["Provider_Name"] = (_, _) => "Microsoft-Windows-Security-Auditing";
        fields["Channel"] = (_, _) => "Security";
        fields["Computer"] = (e, _) => e.Tag("windows.computer");
        fields["SubjectUserName"] = (e, _) => e.Type == "privilege.change" ? e.Get("privilege.target_user") : e.Get("process.user_name");
        fields["SubjectDomainName"] = Field("process.user_domain");
        fields["SubjectUserSid"] = Field("process.user_sid");
        fields["SubjectLogonId"] = (e, _) => Hex(e.Get("process.logon_id"));
        fields["ProcessId"] = (e, _) => Hex(e.Get("process.pid"));
        fields["ProcessName"] = Field("process.path");
        fields["TargetUserName"] = (e, _) => e.Get("session.user") ?? e.Get("auth.account");
        fields["TargetLogonId"] = (e, _) => Hex(e.Get("session.id"));
        fields["TargetDomainName"] = (e, _) => e.Tag("windows.target_domain");
        fields["TargetUserSid"] = (e, _) => e.Tag("windows.target_sid");
        fields["AuthenticationPackageName"] = (e, _) => e.Tag("windows.auth_package") ?? (e.Type == "auth.failure" ? e.Get("auth.method") : null);
        // "10 (RemoteInteractive)" as tagged: the number, as the log has it.
        fields["LogonType"] = (e, _) => e.Tag("windows.logon_type") is { } type && long.TryParse(type.Split(' ')[0], out var number) ? number : null;
        fields["IpAddress"] = (e, _) => e.Get("session.remote_address") ?? e.Get("auth.remote_address");
        fields["WorkstationName"] = (e, _) => e.Type == "auth.success" ? null : e.Get("session.remote_host") ?? e.Get("auth.remote_host");
        fields["LogonProcessName"] = (e, _) => e.Type is "auth.success" ? null : e.Get("session.service") ?? e.Get("auth.service");
        fields["TargetServerName"] = (e, _) => e.Type == "auth.success" ? e.Get("auth.service") : null;
        fields["TargetInfo"] = (e, _) => e.Type == "auth.success" ? e.Get("auth.remote_host") : null;
        fields["PrivilegeList"] = (e, _) => e.Type == "privilege.change" ? e.Get("privilege.command") : null;
    }

    /// <summary>The acting process, as Sysmon names it in every event that has one.</summary>
    private static void AddActor(Dictionary<string, FieldReader> fields)
    {
        fields["Image"] = Field("process.path");
        fields["ProcessId"] = Field("process.pid");
        fields["ProcessGuid"] = (e, _) => SysmonGuid(e.Get("process.guid"));
        fields["User"] = (e, product) => User(e, product);
    }

    /// <summary>The version resource of the executable or library, as Sysmon reads it (process_creation, image_load).</summary>
    private static void AddVersionInfo(Dictionary<string, FieldReader> fields)
    {
        fields["OriginalFileName"] = WindowsTag("windows.original_file_name");
        fields["Description"] = WindowsTag("windows.description");
        fields["Product"] = WindowsTag("windows.product");
        fields["Company"] = WindowsTag("windows.company");
        fields["FileVersion"] = WindowsTag("windows.file_version");
    }

    /// <summary>A Sysmon value the EVTX mapping keeps as a <c>windows.*</c> tag (no Recorder field holds it).</summary>
    private static FieldReader WindowsTag(string tag) => (e, _) => e.Tag(tag);

    private static FieldReader Field(string recorderField) => (e, _) => Normalize(e.Get(recorderField));

    /// <summary>Texts and integers as they are; GUIDs, times and other values as text.</summary>
    private static object? Normalize(object? value) => value switch
    {
        null or string or long => value,
        int i => (long)i,
        Guid g => SysmonGuid(g),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>Windows: <c>DOMAIN\user</c> as Sysmon writes it; elsewhere the user name.</summary>
    private static string? User(IEventFields e, string product)
    {
        var name = e.Get("process.user_name") as string;
        if (name is null) return null;
        return product == SigmaProducts.Windows && e.Get("process.user_domain") is string domain ? domain + "\\" + name : name;
    }

    /// <summary>Sysmon's GUID form: <c>{6f1c2d3e-...}</c>.</summary>
    private static string? SysmonGuid(object? value) => value switch
    {
        Guid g when g != Guid.Empty => "{" + g.ToString("D") + "}",
        string s when Guid.TryParse(s, out var g) => "{" + g.ToString("D") + "}",
        _ => null,
    };

    private static string? Hex(object? value) => value is long number ? "0x" + number.ToString("x", CultureInfo.InvariantCulture) : null;

    /// <summary>Recorder's <c>sha256:hex;md5:hex;imphash:hex</c> back into Sysmon's <c>SHA256=HEX,MD5=HEX,IMPHASH=HEX</c>.</summary>
    internal static string? SysmonHashes(string? hashes)
    {
        if (string.IsNullOrEmpty(hashes)) return null;
        var parts = new List<string>();
        foreach (var hash in hashes.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = hash.IndexOf(':');
            if (colon <= 0) continue;
            parts.Add(hash[..colon].ToUpperInvariant() + "=" + hash[(colon + 1)..].ToUpperInvariant());
        }
        return parts.Count == 0 ? null : string.Join(',', parts);
    }

    /// <summary>Sysmon's TargetObject: the key, and for value events the key and the value name.</summary>
    private static string? TargetObject(IEventFields e)
    {
        var key = e.Get("registry.key") as string;
        var value = e.Get("registry.value") as string;
        return key is null ? null : value is null ? key : key + "\\" + value;
    }

    private static string? RegistryEventType(string type) => type switch
    {
        "registry.key_create" => "CreateKey",
        "registry.key_delete" => "DeleteKey",
        "registry.key_rename" => "RenameKey",
        "registry.value_set" => "SetValue",
        "registry.value_delete" => "DeleteValue",
        _ => null,
    };

    // driver.signature is "signer (status)", "status", "unsigned" or "unsigned (status)" (the EVTX mapping joins them).
    private static string? Signer(string signature) =>
        signature.IndexOf(" (", StringComparison.Ordinal) is var open and > 0 ? signature[..open] : signature;

    private static string? SignatureStatus(string signature) =>
        signature.IndexOf(" (", StringComparison.Ordinal) is var open and > 0 && signature.EndsWith(')') ? signature[(open + 2)..^1] : null;
}

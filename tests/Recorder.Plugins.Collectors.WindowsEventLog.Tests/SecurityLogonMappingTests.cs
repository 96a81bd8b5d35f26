namespace Recorder.Plugins.Collectors.WindowsEventLog.Tests;

/// <summary>
/// Logons from real Security logs: a failed and a successful interactive logon through Chrome, remote desktop
/// logons through an RDP tunnel. Logoff has no real recording in the shared data; it is checked on the XML Windows
/// renders for 4634 and 4647, the form a live event-log watcher delivers.
/// </summary>
public class SecurityLogonMappingTests
{
    private const string Chrome = "CA_4624_4625_LogonType2_LogonProc_chrome.evtx";
    private const string RdpTunnel = "DE_RDP_Tunneling_4624.evtx";

    [Fact]
    public void A_failed_logon_is_an_auth_failure_with_account_reason_and_asking_process()
    {
        var e = Fixtures.Mapped(Chrome, 137222);

        Assert.Equal(EventTypes.AuthFailure, e.Type);
        Assert.Equal(EventOutcome.Failure, e.Outcome);
        Assert.Equal(new DateTime(2020, 9, 9, 13, 18, 23, DateTimeKind.Utc).AddTicks(6279525), e.Time);
        Assert.Equal("IEUser", e.Get(EventSchemas.AuthFailure.Account));
        Assert.Equal("Negotiate", e.Get(EventSchemas.AuthFailure.Method));
        Assert.Equal("Chrome", e.Get(EventSchemas.AuthFailure.Service));
        Assert.Equal("MSEDGEWIN10", e.Get(EventSchemas.AuthFailure.RemoteHost));
        Assert.Null(e.Get(EventSchemas.AuthFailure.RemoteAddress));
        Assert.Equal("bad password (status 0xc000006d, sub-status 0xc000006a)", e.Get(EventSchemas.AuthFailure.Message));
        Assert.Equal(0xc000006aL, e.ResultCode);
        Assert.Equal(0x1358, e.Process.Pid);
        Assert.Equal(@"C:\Program Files (x86)\Google\Chrome\Application\chrome.exe", e.Process.Executable);
        Assert.Equal("IEUser", e.Process.UserName);
        Assert.Equal("MSEDGEWIN10", e.Process.UserDomain);
        Assert.Equal("S-1-5-21-3461203602-4096304019-2269080069-1000", e.Process.UserSid);
        Assert.Equal(0x79e59, e.Process.LogonId);
        Assert.Equal("2 (Interactive)", e.Tags["windows.logon_type"]);
        Assert.Equal("S-1-0-0", e.Tags["windows.target_sid"]);
    }

    [Fact]
    public void An_interactive_logon_is_a_session_login_with_user_logon_id_type_and_process()
    {
        var e = Fixtures.Mapped(Chrome, 137224);

        Assert.Equal(EventTypes.SessionLogin, e.Type);
        Assert.Equal(EventOutcome.Success, e.Outcome);
        Assert.Equal("IEUser", e.Get(EventSchemas.SessionLogin.User));
        Assert.Equal(0x1cd8f6, e.Get(EventSchemas.SessionLogin.Id));
        Assert.Equal("Chrome", e.Get(EventSchemas.SessionLogin.Service));
        Assert.Equal("2 (Interactive)", e.Tags["windows.logon_type"]);
        Assert.Equal("MSEDGEWIN10", e.Tags["windows.target_domain"]);
        Assert.Equal("S-1-5-21-3461203602-4096304019-2269080069-1000", e.Tags["windows.target_sid"]);
        Assert.Equal(@"C:\Program Files (x86)\Google\Chrome\Application\chrome.exe", e.Process.Executable);
    }

    [Fact]
    public void A_service_logon_names_the_logon_process_without_windows_padding()
    {
        var e = Fixtures.Mapped(Chrome, 137223);

        Assert.Equal("SYSTEM", e.Get(EventSchemas.SessionLogin.User));
        Assert.Equal("Advapi", e.Get(EventSchemas.SessionLogin.Service)); // Windows writes "Advapi  "
        Assert.Equal("5 (Service)", e.Tags["windows.logon_type"]);
        Assert.Equal(@"C:\Windows\System32\services.exe", e.Process.Executable);
    }

    [Fact]
    public void Remote_desktop_logons_carry_the_source_address()
    {
        var logins = Fixtures.Read(RdpTunnel).Select(WindowsEventMapper.Map).OfType<RecorderEvent>().ToList();

        Assert.Equal(18, logins.Count);
        Assert.All(logins, e => Assert.Equal(EventTypes.SessionLogin, e.Type));
        var remote = logins.Where(e => e.Tags.TryGetValue("windows.logon_type", out var type) && type == "10 (RemoteInteractive)").ToList();
        Assert.NotEmpty(remote);
        Assert.All(remote, e => Assert.NotNull(e.Get(EventSchemas.SessionLogin.RemoteAddress)));
        Assert.Contains(remote, e => e.Get(EventSchemas.SessionLogin.RemoteAddress) == "127.0.0.1");
    }

    [Fact]
    public void A_logoff_rendered_by_windows_is_a_session_logout()
    {
        var e = WindowsEventMapper.Map(RenderedEventXml.Parse(RenderedXml(4634, "Logoff", """
            <Data Name='TargetUserSid'>S-1-5-21-3461203602-4096304019-2269080069-1000</Data>
            <Data Name='TargetUserName'>IEUser</Data>
            <Data Name='TargetDomainName'>MSEDGEWIN10</Data>
            <Data Name='TargetLogonId'>0x1cd8f6</Data>
            <Data Name='LogonType'>2</Data>
            """)))!;

        Assert.Equal(EventTypes.SessionLogout, e.Type);
        Assert.Equal("IEUser", e.Get(EventSchemas.SessionLogout.User));
        Assert.Equal(0x1cd8f6, e.Get(EventSchemas.SessionLogout.Id)); // the same session as the 4624 of record 137224
        Assert.Equal("2 (Interactive)", e.Tags["windows.logon_type"]);
        Assert.Equal(new DateTime(2020, 9, 9, 14, 0, 0, DateTimeKind.Utc).AddTicks(1234567), e.Time);
    }

    [Fact]
    public void A_user_initiated_logoff_is_a_session_logout_marked_as_such()
    {
        var e = WindowsEventMapper.Map(RenderedEventXml.Parse(RenderedXml(4647, "Logoff", """
            <Data Name='TargetUserSid'>S-1-5-21-3461203602-4096304019-2269080069-1000</Data>
            <Data Name='TargetUserName'>IEUser</Data>
            <Data Name='TargetDomainName'>MSEDGEWIN10</Data>
            <Data Name='TargetLogonId'>0x1cd8f6</Data>
            """)))!;

        Assert.Equal(EventTypes.SessionLogout, e.Type);
        Assert.Equal("user-initiated", e.Tags["windows.logoff"]);
        Assert.Equal(0x1cd8f6, e.Get(EventSchemas.SessionLogout.Id));
    }

    [Fact]
    public void Special_privileges_at_logon_are_a_privilege_change()
    {
        var e = WindowsEventMapper.Map(RenderedEventXml.Parse(RenderedXml(4672, "Special Logon", """
            <Data Name='SubjectUserSid'>S-1-5-18</Data>
            <Data Name='SubjectUserName'>SYSTEM</Data>
            <Data Name='SubjectDomainName'>NT AUTHORITY</Data>
            <Data Name='SubjectLogonId'>0x3e7</Data>
            <Data Name='PrivilegeList'>SeAssignPrimaryTokenPrivilege
            			SeTcbPrivilege
            			SeDebugPrivilege</Data>
            """)))!;

        Assert.Equal(EventTypes.PrivilegeChange, e.Type);
        Assert.Equal("SYSTEM", e.Get(EventSchemas.PrivilegeChange.TargetUser));
        Assert.Equal("SeAssignPrimaryTokenPrivilege SeTcbPrivilege SeDebugPrivilege", e.Get(EventSchemas.PrivilegeChange.Command));
        Assert.Equal("S-1-5-18", e.Process.UserSid);
        Assert.Equal(0x3e7, e.Process.LogonId);
    }

    [Fact]
    public void Reader_output_and_evtxexport_xml_of_the_same_records_map_to_the_same_events()
    {
        using var gzip = new System.IO.Compression.GZipStream(File.OpenRead(Path.ChangeExtension(Fixtures.EvtxPath(Chrome), ".evtxexport.xml.gz")),
            System.IO.Compression.CompressionMode.Decompress);
        var fromXml = RenderedEventXml.ParseAll(new StreamReader(gzip)).Select(WindowsEventMapper.Map).ToList();
        var fromReader = Fixtures.Read(Chrome).Select(WindowsEventMapper.Map).ToList();

        Assert.Equal(4, fromReader.Count);
        Assert.Equal(fromReader.Select(Describe), fromXml.Select(Describe));
    }

    /// <summary>Every field of an event as text, to compare two mappings of the same record.</summary>
    internal static string Describe(RecorderEvent? e)
    {
        if (e is null) return "(none)";
        var fields = e.Schema.Fields.Select(f => $"{f.Name}={e[f]}");
        var common = CommonFields.All.Where(f => f.Name != "event.id").Select(f => e.TryGetValue(f.Name, out var v) ? $"{f.Name}={Flatten(v)}" : "");
        var tags = e.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}");
        return string.Join("|", fields.Concat(common).Concat(tags));
    }

    private static string? Flatten(object? value) => value is System.Collections.IEnumerable list and not string
        ? string.Join(",", list.Cast<object?>()) : value?.ToString();

    /// <summary>A Security event as Windows renders it (EventRecord.ToXml(): single quotes, unpadded hex).</summary>
    private static string RenderedXml(int eventId, string task, string data) => $$"""
        <Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Security-Auditing' Guid='{54849625-5478-4994-a5ba-3e3b0328c30d}'/><EventID>{{eventId}}</EventID><Version>0</Version><Level>0</Level><Task>12545</Task><Opcode>0</Opcode><Keywords>0x8020000000000000</Keywords><TimeCreated SystemTime='2020-09-09T14:00:00.1234567Z'/><EventRecordID>137300</EventRecordID><Correlation/><Execution ProcessID='640' ThreadID='700'/><Channel>Security</Channel><Computer>MSEDGEWIN10</Computer><Security/></System><EventData>{{data}}</EventData><!-- {{task}} --></Event>
        """;
}

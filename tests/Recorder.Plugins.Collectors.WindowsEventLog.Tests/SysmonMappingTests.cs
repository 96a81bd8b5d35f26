namespace Recorder.Plugins.Collectors.WindowsEventLog.Tests;

/// <summary>Sysmon events from real recordings mapped to Recorder events: the process GUID is Sysmon's, times are UtcTime.</summary>
public class SysmonMappingTests
{
    private const string Mshta = "exec_persist_rundll32_mshta_scheduledtask_sysmon_1_3_11.evtx";
    private const string DriverBypass = "DSE_bypass_BYOV_TDL_dummydriver_sysmon_6_7_13.evtx";
    private const string UacDisabled = "DE_UAC_Disabled_Sysmon_12_13.evtx";
    private const string Atomic = "PanacheSysmon_vs_AtomicRedTeam01.evtx";

    [Fact]
    public void A_process_creation_carries_sysmon_guids_hashes_user_and_parent()
    {
        var e = Fixtures.Mapped(Mshta, 4126);

        Assert.Equal(EventTypes.ProcessStart, e.Type);
        Assert.Equal(new DateTime(2019, 5, 21, 15, 32, 57, 276, DateTimeKind.Utc), e.Time);
        var p = e.Process;
        Assert.Equal(Guid.Parse("365ABB72-1A29-5CE4-0000-00107BE42101"), p.ProcessGuid);
        Assert.Equal(2920, p.Pid);
        Assert.Equal(e.Time, p.StartTime);
        Assert.Equal(@"C:\Windows\System32\rundll32.exe", p.Executable);
        Assert.StartsWith("rundll32.exe  javascript:", p.CommandLine);
        Assert.Equal(@"C:\Users\IEUser\Desktop\", p.WorkingDirectory);
        Assert.Equal("sha256:3fa4912eb43fc304652d7b01f118589259861e2d628fa7c86193e54d5f987670;sha1:892503b20247b341cfd20dda5fdacfa41527a087;"
            + "md5:c648901695e275c8f2ad04b687a68ce2;imphash:239d911dfa7551a8b735680bc39b2238", p.ExecutableHash);
        Assert.Equal("IEUser", p.UserName);
        Assert.Equal("IEWIN7", p.UserDomain);
        Assert.Equal(0xc796, p.LogonId);
        Assert.Equal(1, p.TerminalSessionId);
        Assert.Equal("high", p.IntegrityLevel);
        Assert.Equal(Guid.Parse("365ABB72-1A29-5CE4-0000-001054E32101"), p.ParentProcessGuid);
        Assert.Equal(1532, p.ParentPid);
        Assert.Equal(@"C:\Windows\System32\cmd.exe", p.ParentExecutable);
    }

    [Fact]
    public void Parent_and_child_link_by_sysmon_process_guid()
    {
        var starts = Fixtures.Read(Mshta).Where(e => e.EventId == 1).Select(WindowsEventMapper.Map).ToList();
        var byGuid = starts.ToDictionary(e => e!.Process.ProcessGuid);

        // cmd.exe -> rundll32.exe -> mshta.exe -> schtasks.exe, each found from its child by GUID.
        var chain = new List<string>();
        for (var e = starts.Single(s => s!.Process.Executable!.EndsWith("schtasks.exe")); e is not null;
             e = byGuid.GetValueOrDefault(e.Process.ParentProcessGuid))
            chain.Add(Path.GetFileName(e.Process.Executable!.Replace('\\', '/')));
        Assert.Equal(["schtasks.exe", "mshta.exe", "rundll32.exe", "cmd.exe"], chain);
    }

    [Fact]
    public void An_outbound_connection_is_a_network_connect_from_the_process()
    {
        var e = Fixtures.Mapped(Mshta, 4128);
        var schema = EventSchemas.NetworkConnect;

        Assert.Equal(EventTypes.NetworkConnect, e.Type);
        Assert.Equal("tcp", e.Get(schema.Transport));
        Assert.Equal("inet", e.Get(schema.Family));
        Assert.Equal("10.0.2.15", e.Get(schema.LocalAddress));
        Assert.Equal(49703, e.Get(schema.LocalPort));
        Assert.Equal("108.179.232.58", e.Get(schema.RemoteAddress));
        Assert.Equal(443, e.Get(schema.RemotePort));
        Assert.Equal(Guid.Parse("365ABB72-1A29-5CE4-0000-001079F92101"), e.Process.ProcessGuid);
        Assert.Equal(@"C:\Windows\System32\mshta.exe", e.Process.Executable);
    }

    [Fact]
    public void Driver_load_image_load_file_create_registry_set_and_exit()
    {
        var events = Fixtures.Read(DriverBypass).Select(WindowsEventMapper.Map).ToList();
        Assert.All(events, Assert.NotNull);
        Assert.Equal([EventTypes.ProcessStart, EventTypes.FileCreate, EventTypes.RegistryValueSet, EventTypes.RegistryValueSet,
            EventTypes.DriverLoad, EventTypes.RegistryValueSet, EventTypes.ProcessExit, EventTypes.ImageLoad], events.Select(e => e!.Type));

        var file = events[1]!;
        Assert.Equal(@"C:\Windows\System32\drivers\VBoxDrv.sys", file.Get(EventSchemas.FileCreate.Path));

        var registry = events[3]!;
        Assert.Equal(@"HKLM\System\CurrentControlSet\Services\VBoxDrv", registry.Get(EventSchemas.RegistryValueSet.KeyPath));
        Assert.Equal("ImagePath", registry.Get(EventSchemas.RegistryValueSet.Value));
        Assert.Equal(@"\??\C:\Windows\system32\drivers\VBoxDrv.sys", registry.Get(EventSchemas.RegistryValueSet.Data));
        Assert.Equal(@"C:\Windows\system32\services.exe", registry.Process.Executable);

        var driver = events[4]!;
        Assert.Equal("VBoxDrv.sys", driver.Get(EventSchemas.DriverLoad.DriverName));
        Assert.Equal(@"C:\Windows\System32\drivers\VBoxDrv.sys", driver.Get(EventSchemas.DriverLoad.Path));
        Assert.StartsWith("sha256:cf3a7d4285d65bf8688215407bce1b51d7c6b22497f09021f0fce31cbeb78986;", driver.Get(EventSchemas.DriverLoad.Hash));
        Assert.Equal("innotek GmbH (Valid)", driver.Get(EventSchemas.DriverLoad.Signature));

        var exit = events[6]!;
        Assert.Equal(Guid.Parse("747F3D96-141C-5E41-0000-0010788B1E00"), exit.Process.ProcessGuid);
        Assert.Equal(events[0]!.Process.ProcessGuid, exit.Process.ProcessGuid);

        var image = events[7]!;
        Assert.Equal(@"C:\Windows\System32\ntoskrnl.exe", image.Get(EventSchemas.ImageLoad.Path));
        Assert.StartsWith("sha256:c36a8fac", image.Get(EventSchemas.ImageLoad.Hash));
    }

    [Fact]
    public void Registry_key_creation_and_value_deletion_follow_sysmon_event_type()
    {
        var created = Fixtures.Read(UacDisabled).Select(WindowsEventMapper.Map).Single(e => e!.Type == EventTypes.RegistryKeyCreate)!;
        Assert.StartsWith(@"HKLM\", created.Get(EventSchemas.RegistryKeyCreate.KeyPath));

        var deleted = Fixtures.Read(Atomic).Where(e => e.EventId == 12).Select(WindowsEventMapper.Map).ToList();
        Assert.Equal(3, deleted.Count);
        Assert.All(deleted, e => Assert.Equal(EventTypes.RegistryValueDelete, e!.Type));
    }

    [Fact]
    public void Process_access_names_the_target_and_the_access_granted()
    {
        var e = Fixtures.Mapped(Atomic, 4112);

        Assert.Equal("process.access", e.Type);
        Assert.Equal(@"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe", e.Process.Executable);
        Assert.Equal(Guid.Parse("747F3D96-DD47-5D31-0000-001015874900"), e.Process.ProcessGuid);
        Assert.Equal(@"C:\Windows\system32\lsass.exe", e.Get(WindowsSchemas.ProcessAccess.TargetPath));
        Assert.Equal(Guid.Parse("747F3D96-D4A4-5D31-0000-00104A560000"), e.Get(WindowsSchemas.ProcessAccess.TargetGuid));
        Assert.Equal(612, e.Get(WindowsSchemas.ProcessAccess.TargetPid));
        Assert.Equal("0x1010", e.Get(WindowsSchemas.ProcessAccess.GrantedAccess));
    }

    [Fact]
    public void Every_mapped_sysmon_id_in_the_recordings_becomes_its_type_and_others_are_left_out()
    {
        var events = Fixtures.Read(Atomic);
        foreach (var e in events)
        {
            var mapped = WindowsEventMapper.Map(e);
            Assert.Equal(WindowsEventMapper.TypeOf(e), mapped?.Type);
            if (e.EventId is 19 or 20 or 21) Assert.Null(mapped); // WMI events: no typed Recorder type
            else Assert.NotNull(mapped);
            // Imported, every event is kept: the WMI events as windows.event.
            var imported = WindowsEventMapper.MapImported(e);
            Assert.Equal(e.EventId is 19 or 20 or 21 ? "windows.event" : mapped!.Type, imported?.Type);
        }
    }

    [Fact]
    public void Sysmon_values_without_a_recorder_field_are_kept_as_windows_tags()
    {
        var start = Fixtures.Mapped(DriverBypass, 18762);
        Assert.Equal(EventTypes.ProcessStart, start.Type);
        Assert.Equal("Furutaka.exe", start.Tags["windows.original_file_name"]);
        Assert.Equal("TurlaDriverLoader", start.Tags["windows.product"]);
        Assert.Equal("UG North", start.Tags["windows.company"]);

        var image = Fixtures.Mapped(DriverBypass, 18769);
        Assert.Equal(EventTypes.ImageLoad, image.Type);
        Assert.Equal("ntkrnlmp.exe", image.Tags["windows.original_file_name"]);
        Assert.Equal("true", image.Tags["windows.signed"]);
        Assert.Equal("Microsoft Windows", image.Tags["windows.signature"]);
        Assert.Equal("Valid", image.Tags["windows.signature_status"]);

        var rundll32 = Fixtures.Mapped(Mshta, 4126);
        Assert.Equal("Windows host process (Rundll32)", rundll32.Tags["windows.description"]);
        Assert.Equal("{365ABB72-39CC-5CE3-0000-002096C70000}", rundll32.Tags["windows.logon_guid"]);
        Assert.False(rundll32.Tags.ContainsKey("windows.original_file_name")); // this Sysmon version did not write it

        var connections = Fixtures.Read(Mshta).Where(e => e.EventId == 3).Select(e => WindowsEventMapper.Map(e)!).ToList();
        Assert.Contains(connections, c => c.Tags.TryGetValue("windows.destination_hostname", out var host) && host == "gator4243.hostgator.com");
    }

    [Fact]
    public void A_dns_query_rendered_by_windows_maps_to_dns_query()
    {
        var xml = """
            <Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Sysmon' Guid='{5770385f-c22a-43e0-bf4c-06f5698ffbd9}'/><EventID>22</EventID><Version>5</Version><Level>4</Level><Task>22</Task><Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords><TimeCreated SystemTime='2024-03-01T10:00:00.5000000Z'/><EventRecordID>42</EventRecordID><Correlation/><Execution ProcessID='3000' ThreadID='4000'/><Channel>Microsoft-Windows-Sysmon/Operational</Channel><Computer>host1</Computer><Security UserID='S-1-5-18'/></System><EventData><Data Name='RuleName'>-</Data><Data Name='UtcTime'>2024-03-01 10:00:00.400</Data><Data Name='ProcessGuid'>{0197231e-005a-6928-a50b-000000000d00}</Data><Data Name='ProcessId'>4460</Data><Data Name='QueryName'>example.org</Data><Data Name='QueryStatus'>0</Data><Data Name='QueryResults'>::ffff:93.184.216.34;</Data><Data Name='Image'>C:\Windows\System32\curl.exe</Data><Data Name='User'>HOST1\alice</Data></EventData></Event>
            """;
        var e = WindowsEventMapper.Map(RenderedEventXml.Parse(xml))!;

        Assert.Equal(EventTypes.DnsQuery, e.Type);
        Assert.Equal("example.org", e.Get(EventSchemas.DnsQuery.QueryName));
        Assert.Equal("::ffff:93.184.216.34", e.Get(EventSchemas.DnsQuery.Answers));
        Assert.Equal(0, e.Get(EventSchemas.DnsQuery.Status));
        Assert.Equal(Guid.Parse("0197231E-005A-6928-A50B-000000000D00"), e.Process.ProcessGuid);
        Assert.Equal("alice", e.Process.UserName);
        Assert.Equal(new DateTime(2024, 3, 1, 10, 0, 0, 400, DateTimeKind.Utc), e.Time);
        Assert.Equal("host1", e.Tags["windows.computer"]);
    }
}

using Recorder.Contracts.Importing;
using Recorder.Plugins.Collectors.WindowsEventLog.Importing;

namespace Recorder.Plugins.Collectors.WindowsEventLog.Tests;

/// <summary>
/// Events no typed mapping covers are imported as windows.event with their provider, channel, id and every field;
/// events the typed mappings know keep their types.
/// </summary>
public class GenericEventMappingTests
{
    private static WindowsEvent Parse(string system, string data) => RenderedEventXml.Parse(
        $"<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>{system}</System>{data}</Event>");

    [Fact]
    public void A_security_event_other_than_a_logon_keeps_its_header_and_every_field()
    {
        var e = Parse("""
            <Provider Name='Microsoft-Windows-Security-Auditing' Guid='{54849625-5478-4994-a5ba-3e3b0328c30d}'/><EventID>4701</EventID><Version>1</Version><Level>0</Level><Task>12804</Task><Opcode>0</Opcode><Keywords>0x8020000000000000</Keywords><TimeCreated SystemTime='2024-05-02T09:10:11.1234567Z'/><EventRecordID>777</EventRecordID><Correlation/><Execution ProcessID='640' ThreadID='700'/><Channel>Security</Channel><Computer>dc1.corp.local</Computer><Security/>
            """, """
            <EventData><Data Name='SubjectUserName'>alice</Data><Data Name='Threat Name'>Virus:DOS/EICAR_Test_File</Data><Data Name='TaskName'>\Microsoft\Windows\SystemRestore\SR</Data><Data Name='TaskContentNew'></Data></EventData>
            """);
        Assert.Null(WindowsEventMapper.TypeOf(e)); // not a logon: the live collector never asks for it
        Assert.Equal("windows.event", WindowsEventMapper.ImportTypeOf(e));

        var mapped = WindowsEventMapper.MapImported(e)!;
        var schema = WindowsSchemas.WindowsEvent;
        Assert.Equal("windows.event", mapped.Type);
        Assert.Equal("Microsoft-Windows-Security-Auditing", mapped.Get(schema.Provider));
        Assert.Equal("Security", mapped.Get(schema.Channel));
        Assert.Equal(4701, mapped.Get(schema.EventId));
        Assert.Equal(777, mapped.Get(schema.RecordId));
        Assert.Equal(new DateTime(2024, 5, 2, 9, 10, 11, DateTimeKind.Utc).AddTicks(1234567), mapped.Time);
        Assert.Equal("alice", mapped.Tags["windows.data.SubjectUserName"]);
        Assert.Equal(@"\Microsoft\Windows\SystemRestore\SR", mapped.Tags["windows.data.TaskName"]);
        Assert.False(mapped.Tags.ContainsKey("windows.data.TaskContentNew")); // empty: left out
        Assert.Equal("Virus:DOS/EICAR_Test_File", mapped.Tags["windows.data.ThreatName"]); // names lose their spaces, as Sigma names them
        Assert.Equal("dc1.corp.local", mapped.Tags["windows.computer"]);
    }

    [Fact]
    public void Unnamed_fields_of_a_classic_provider_are_numbered()
    {
        var e = Parse("""
            <Provider Name='Service Control Manager'/><EventID Qualifiers='16384'>7036</EventID><Level>4</Level><TimeCreated SystemTime='2024-05-02T09:10:11.000Z'/><EventRecordID>5</EventRecordID><Channel>System</Channel><Computer>pc1</Computer><Security/>
            """, "<EventData><Data>Windows Update</Data><Data>running</Data></EventData>");
        var mapped = WindowsEventMapper.MapImported(e)!;
        Assert.Equal("windows.event", mapped.Type);
        Assert.Equal("Windows Update", mapped.Tags["windows.data.Data"]);
        Assert.Equal("running", mapped.Tags["windows.data.Data_2"]);
    }

    [Fact]
    public void A_known_event_keeps_its_typed_mapping_when_imported()
    {
        var logon = Fixtures.Read("DE_RDP_Tunneling_4624.evtx").First(e => e.EventId == 4624);
        Assert.Equal(EventTypes.SessionLogin, WindowsEventMapper.ImportTypeOf(logon));
        Assert.Equal(EventTypes.SessionLogin, WindowsEventMapper.MapImported(logon)!.Type);
    }

    [Fact]
    public void The_importer_declares_windows_event_and_imports_a_logs_other_events_only_when_a_subscription_wants_them()
    {
        var importer = new EvtxImporter();
        Assert.Contains(importer.Produces, s => s.Name == "windows.event");

        // The Sysmon log with WMI events (19-21): wanted, they are imported; not wanted, skipped.
        var path = Fixtures.EvtxPath("PanacheSysmon_vs_AtomicRedTeam01.evtx");
        var all = EventSchemas.All.Concat(importer.Produces).Select(s => s.Name).ToHashSet();
        var withOthers = Import(importer, path, all, out var statistics);
        Assert.Equal(6, withOthers.Count(e => e.Type == "windows.event"));
        Assert.Equal(0, statistics.Skipped);

        all.Remove("windows.event");
        var typedOnly = Import(importer, path, all, out statistics);
        Assert.DoesNotContain(typedOnly, e => e.Type == "windows.event");
        Assert.Equal(6, statistics.Skipped);
        Assert.Equal(withOthers.Count - 6, typedOnly.Count);
    }

    private static List<RecorderEvent> Import(EvtxImporter importer, string path, IReadOnlySet<string> wanted, out ImportStatistics statistics)
    {
        using var stream = File.OpenRead(path);
        var context = new ImportContext(path, wanted, CancellationToken.None);
        var events = importer.Read(stream, context).ToList();
        statistics = context.Statistics;
        return events;
    }
}

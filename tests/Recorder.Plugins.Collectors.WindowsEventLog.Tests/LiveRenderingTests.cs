using System.IO.Compression;
using Recorder.Plugins.Collectors.WindowsEventLog.Live;

namespace Recorder.Plugins.Collectors.WindowsEventLog.Tests;

/// <summary>
/// The live collector receives each record rendered as XML (EventRecord.ToXml()) and maps it with the mapping the
/// .evtx import uses. Here the rendered form is real: evtxexport's XML of the same recordings, which Windows' own
/// rendering matches element for element. What runs only on Windows is the watcher that delivers that XML.
/// </summary>
public sealed class LiveRenderingTests
{
    public static TheoryData<string> Recordings() => new(Directory.GetFiles(Path.Combine(RepoPaths.SharedData, "windows", "evtx"), "*.evtx").Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(Recordings))]
    public void A_rendered_record_maps_to_the_same_event_as_the_record_read_from_the_file(string name)
    {
        var fromFile = Fixtures.Read(name).ToDictionary(e => e.RecordId);
        using var xml = new StreamReader(new GZipStream(File.OpenRead(Fixtures.EvtxPath(name) + "export.xml.gz"), CompressionMode.Decompress));
        var mapped = 0;
        foreach (var rendered in RenderedEventXml.ParseAll(xml))
        {
            var live = WindowsEventMapper.Map(rendered);
            var imported = WindowsEventMapper.Map(fromFile[rendered.RecordId]);
            Assert.Equal(imported is null, live is null);
            if (live is null || imported is null) continue;
            mapped++;
            Assert.Equal(imported.Schema.Name, live.Schema.Name);
            Assert.Equal(imported.Time, live.Time);
            foreach (var field in imported.Schema.Fields)
                Assert.True(Equals(imported[field.Ordinal], live[field.Ordinal]), $"{name} record {rendered.RecordId} {field.Name}: file '{imported[field.Ordinal]}', rendered '{live[field.Ordinal]}'");
            Assert.Equal(imported.Process.ProcessGuid, live.Process.ProcessGuid);
            Assert.Equal(imported.Process.CommandLine, live.Process.CommandLine);
        }
        Assert.True(mapped > 0, $"{name}: nothing mapped");
    }

    [Fact]
    public void The_live_queries_ask_for_exactly_the_event_ids_the_mapping_maps()
    {
        foreach (var (channel, provider) in new[] { (EventLogChannel.Security, SecurityLogonMapping.Provider), (EventLogChannel.Sysmon, SysmonMapping.Provider) })
        {
            foreach (var id in Enumerable.Range(1, 5000))
            {
                // Registry ids map by their EventType field; give it one.
                var e = new WindowsEvent { Provider = provider, EventId = id, Data = [new("EventType", "SetValue")] };
                var type = WindowsEventMapper.TypeOf(e);
                Assert.Equal(type is not null, channel.EventIds.Contains(id));
                if (type is not null) Assert.Contains(type, channel.Types);
            }
            Assert.StartsWith("*[System[(EventID=", channel.Query);
            Assert.Equal(channel.EventIds.Count, channel.Query.Split(" or ").Length);
        }
    }
}

using System.IO.Compression;

namespace Recorder.Windows.EventLog.Tests;

/// <summary>
/// Our reader against Debian's evtxexport on the same real files: every record, with the same event id, time,
/// record number and every EventData field (hex integers compared by value: evtxexport zero-pads them).
/// </summary>
public class EvtxExportComparisonTests
{
    public static TheoryData<string> Files() => new(EvtxFixtures.EvtxExportFiles());

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_record_matches_the_evtxexport_rendering(string fileName)
    {
        var path = EvtxFixtures.PathOf(fileName);
        var (records, problems) = EvtxFixtures.ReadAll(path);
        var expected = ReadEvtxExport(Path.ChangeExtension(path, ".evtxexport.xml.gz"));

        Assert.Empty(problems);
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, records.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var want = expected[i];
            var got = records[i].Event;
            var where = $"{fileName} record {want.RecordId}";
            Assert.True(want.RecordId == got.RecordId, $"{where}: record id {got.RecordId}");
            Assert.True(want.EventId == got.EventId, $"{where}: event id {got.EventId}, expected {want.EventId}");
            Assert.True(want.TimeCreated == got.TimeCreated, $"{where}: time {got.TimeCreated:O}, expected {want.TimeCreated:O}");
            Assert.Equal(want.Provider, got.Provider);
            Assert.Equal(want.Channel, got.Channel);
            Assert.Equal(want.Computer, got.Computer);
            Assert.Equal(want.ProcessId, got.ProcessId);
            Assert.Equal(want.UserSid, got.UserSid);
            Assert.Equal(Fields(want), Fields(got));
        }
    }

    private static List<string> Fields(WindowsEvent e) => e.Data.Select(p => $"{p.Key}={EvtxFixtures.Normalize(p.Value)}").ToList();

    private static List<WindowsEvent> ReadEvtxExport(string gzipPath)
    {
        using var file = File.OpenRead(gzipPath);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var text = new StreamReader(gzip);
        return RenderedEventXml.ParseAll(text).ToList();
    }
}

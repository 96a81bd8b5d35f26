namespace Recorder.Plugins.Collectors.WindowsEventLog.Tests;

/// <summary>The real .evtx recordings in ../shared/data/windows/evtx, read with our reader and mapped.</summary>
internal static class Fixtures
{
    public static string EvtxPath(string name) => Path.Combine(RepoPaths.SharedData, "windows", "evtx", name);

    public static List<WindowsEvent> Read(string name)
    {
        using var stream = File.OpenRead(EvtxPath(name));
        var problems = new List<EvtxProblem>();
        var events = new EvtxReader(stream, problems.Add).ReadRecords().Select(r => r.Event).ToList();
        Assert.Empty(problems);
        return events;
    }

    /// <summary>The mapped event whose EventRecordID is <paramref name="recordId"/>.</summary>
    public static RecorderEvent Mapped(string name, ulong recordId) =>
        WindowsEventMapper.Map(Read(name).Single(e => e.RecordId == recordId)) ?? throw new InvalidOperationException($"record {recordId} is not mapped");
}

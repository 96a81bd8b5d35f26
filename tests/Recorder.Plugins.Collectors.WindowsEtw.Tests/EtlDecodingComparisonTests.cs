using System.Globalization;
using Recorder.Contracts.Events;

namespace Recorder.Plugins.Collectors.WindowsEtw.Tests;

/// <summary>
/// The real Windows 10 kernel trace, decoded on Linux by our ETL reader and TraceEvent's own kernel parsers and mapped
/// by the one mapping, against the independent decoding (airbus etl2xml) beside it: the same processes started (and
/// already running), the same exits and the same image loads, field by field.
/// </summary>
public class EtlDecodingComparisonTests
{
    private static readonly List<RecorderEvent> Events = EtlFixtures.MapAll(EtlFixtures.TracePath);
    private static readonly List<(string Provider, string? Type, Dictionary<string, string> Attributes)> Xml = EtlFixtures.XmlRecords().ToList();

    private static string Key(params object?[] parts) => string.Join("|", parts.Select(p => Convert.ToString(p, CultureInfo.InvariantCulture) ?? ""));

    private static void AssertSameMultiset(List<string> expected, List<string> actual, string what)
    {
        expected.Sort(StringComparer.Ordinal);
        actual.Sort(StringComparer.Ordinal);
        var missing = expected.Except(actual).Take(5).ToList();
        var extra = actual.Except(expected).Take(5).ToList();
        Assert.True(expected.SequenceEqual(actual),
            $"{what}: {expected.Count} expected, {actual.Count} mapped; missing e.g. [{string.Join("; ", missing)}], extra e.g. [{string.Join("; ", extra)}]");
    }

    [Fact]
    public void Process_starts_and_rundowns_match_etl2xml_pid_parent_image_and_command_line()
    {
        var expected = Xml.Where(r => r.Provider.StartsWith("Process_V", StringComparison.Ordinal) && r.Type is "Start" or "DCStart")
            .Select(r => Key(r.Type, r.Attributes["ProcessId"], r.Attributes["ParentId"], r.Attributes["ImageFileName"], r.Attributes["CommandLine"])).ToList();
        var actual = Events.Where(e => e.Type == EventTypes.ProcessStart)
            .Select(e => Key(e.Tags[Mapping.EtwEventMapper.SourceEventTag]["Process/".Length..], e.Process.Pid, e.Process.ParentPid, e.Process.Executable, e.Process.CommandLine)).ToList();
        Assert.Equal(94, expected.Count);
        AssertSameMultiset(expected, actual, "process starts");
    }

    [Fact]
    public void Process_exits_match_etl2xml_pid_parent_image_command_line_and_exit_status()
    {
        var expected = Xml.Where(r => r.Provider.StartsWith("Process_V", StringComparison.Ordinal) && r.Type == "End")
            .Select(r => Key(r.Attributes["ProcessId"], r.Attributes["ParentId"], r.Attributes["ImageFileName"], r.Attributes["CommandLine"], r.Attributes["ExitStatus"])).ToList();
        var actual = Events.Where(e => e.Type == EventTypes.ProcessExit)
            .Select(e => Key(e.Process.Pid, e.Process.ParentPid, e.Process.Executable, e.Process.CommandLine, e.Get(EventSchemas.ProcessExit.ExitCode))).ToList();
        Assert.Equal(60, expected.Count);
        AssertSameMultiset(expected, actual, "process exits");
    }

    [Fact]
    public void Image_loads_and_rundowns_match_etl2xml_pid_base_size_and_file_name()
    {
        var expected = Xml.Where(r => r.Provider == "ImageLoad" && r.Type is "Load" or "DCStart")
            .Select(r => Key(r.Attributes["ProcessId"], r.Attributes["ImageBase"], r.Attributes["ImageSize"], r.Attributes["FileName"])).ToList();
        var actual = Events.Where(e => e.Type == EventTypes.ImageLoad)
            .Select(e => Key(e.Process.Pid, unchecked((ulong)e.Get(EventSchemas.ImageLoad.Base)!.Value), e.Get(EventSchemas.ImageLoad.Size), e.Get(EventSchemas.ImageLoad.Path)))
            .Concat(Events.Where(e => e.Type == EventTypes.DriverLoad)
                .Select(e => Key(e.Process.Pid, Convert.ToUInt64(e.Tags["windows.image_base"], 16), e.Tags["windows.image_size"], e.Get(EventSchemas.DriverLoad.Path)))).ToList();
        Assert.Equal(72 + 6745, expected.Count);
        AssertSameMultiset(expected, actual, "image loads");
        Assert.Contains(Events, e => e.Type == EventTypes.DriverLoad && e.Get(EventSchemas.DriverLoad.DriverName) == "ntoskrnl.exe");
    }
}

using System.IO.Compression;
using System.Xml;
using Recorder.Contracts.Events;
using Recorder.Plugins.Collectors.WindowsEtw.Mapping;
using Recorder.Plugins.Collectors.WindowsEtw.Replay;

namespace Recorder.Plugins.Collectors.WindowsEtw.Tests;

/// <summary>The real Windows 10 kernel trace in ../shared/data, its independent decoding, and how to map it in a test.</summary>
internal static class EtlFixtures
{
    public static string Directory => Path.Combine(RepoPaths.SharedData, "windows", "etl");

    public static string TracePath => Path.Combine(Directory, "ShutdownPerfDiagLogger.etl");

    public static string XmlPath => Path.Combine(Directory, "ShutdownPerfDiagLogger.etl2xml.xml.gz");

    /// <summary>Every Recorder event the mapping makes of <paramref name="path"/>, as an import would (all types wanted).</summary>
    public static List<RecorderEvent> MapAll(string path)
    {
        using var input = File.OpenRead(path);
        using var replay = EtlReplaySource.Open(input, path);
        var events = new List<RecorderEvent>();
        var mapper = new EtwEventMapper(new EtwProcessTable("test"), _ => true, events.Add);
        mapper.Attach(replay.Source);
        replay.Source.Process();
        return events;
    }

    /// <summary>The records of etl2xml's decoding: provider, type and attributes.</summary>
    public static IEnumerable<(string Provider, string? Type, Dictionary<string, string> Attributes)> XmlRecords()
    {
        using var file = File.OpenRead(XmlPath);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var xml = XmlReader.Create(gzip);
        string? provider = null, type = null;
        Dictionary<string, string>? attributes = null;
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.Name == "mof")
            {
                provider = xml.GetAttribute("provider");
                type = xml.GetAttribute("type");
                attributes = new Dictionary<string, string>(StringComparer.Ordinal);
                if (xml.IsEmptyElement) { yield return (provider!, type, attributes); provider = null; }
            }
            else if (xml.NodeType == XmlNodeType.Element && xml.Name == "attribute" && attributes is not null)
            {
                attributes[xml.GetAttribute("name")!] = xml.GetAttribute("value") ?? "";
            }
            else if (xml.NodeType == XmlNodeType.EndElement && xml.Name == "mof" && provider is not null)
            {
                yield return (provider, type, attributes!);
                provider = null;
            }
        }
    }
}

using System.Text;
using System.Text.Json;
using Recorder.Contracts.Events;
using Recorder.Contracts.Importing;
using Recorder.Plugins.Collectors.MacOS.EndpointSecurity;
using Recorder.Plugins.Collectors.MacOS.Processes;

namespace Recorder.Plugins.Collectors.MacOS.Importing;

/// <summary><c>recorder import es.jsonl</c>: what Apple's <c>eslogger</c> wrote (JSON lines, one EndpointSecurity message each).</summary>
[Importer("eslogger")]
public sealed class EsloggerImporter : IEventImporter
{
    /// <inheritdoc />
    public string Description => "EndpointSecurity messages from Apple's eslogger (JSON lines)";

    /// <inheritdoc />
    public bool Recognizes(string fileName, ReadOnlySpan<byte> head)
    {
        var end = head.IndexOf((byte)'\n');
        var first = end >= 0 ? head[..end] : head;
        return first.TrimStart(" \t"u8).StartsWith("{"u8) && first.IndexOf("\"audit_token\""u8) > 0 && first.IndexOf("\"event\""u8) > 0;
    }

    /// <inheritdoc />
    public IEnumerable<RecorderEvent> Read(Stream input, ImportContext context)
    {
        var mapper = new EsloggerEventMapper(new MacProcessTable(MacProcessGuid.ForMachine("eslogger-import")), context.WantedEventTypes.Contains);
        using var reader = new StreamReader(input, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16, leaveOpen: true);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            context.Statistics.Records++;
            List<RecorderEvent> events;
            try
            {
                events = mapper.Map(line).ToList();
            }
            catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
            {
                context.Statistics.AddMalformed($"line {lineNumber}", ex.Message);
                continue;
            }
            if (events.Count == 0) context.Statistics.Skipped++;
            foreach (var e in events) yield return e;
        }
    }
}

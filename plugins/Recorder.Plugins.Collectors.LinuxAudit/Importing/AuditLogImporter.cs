using Recorder.Contracts.Events;
using Recorder.Contracts.Importing;
using Recorder.Linux.Audit.Replay;

namespace Recorder.Plugins.Collectors.LinuxAudit.Importing;

/// <summary>
/// <c>recorder import audit.log</c>: an auditd log (RAW or ENRICHED), or lines captured from auditd's plugin stream,
/// through the same parser, assembler and normaliser as live recording (the replayer of the audit library).
/// </summary>
[Importer("linux-audit")]
public sealed class AuditLogImporter : IEventImporter
{
    private static readonly byte[] MessageMarker = "msg=audit("u8.ToArray();

    /// <inheritdoc />
    public string Description => "Linux audit log (auditd RAW or ENRICHED)";

    /// <inheritdoc />
    public bool Recognizes(string fileName, ReadOnlySpan<byte> head)
    {
        // An audit log line starts with type= (or node= when auditd names the machine) and holds msg=audit(.
        // Blank lines and # comments an investigator added on top are passed over (the reader skips them too).
        var rest = head;
        while (rest.Length > 0)
        {
            var end = rest.IndexOf((byte)'\n');
            var line = end >= 0 ? rest[..end] : rest;
            rest = end >= 0 ? rest[(end + 1)..] : [];
            if (line.IsEmpty || line.TrimStart((byte)' ').IsEmpty || line[0] == (byte)'#') continue;
            return (line.StartsWith("type="u8) || line.StartsWith("node="u8)) && line.IndexOf(MessageMarker) > 0;
        }
        return false;
    }

    /// <inheritdoc />
    public IEnumerable<RecorderEvent> Read(Stream input, ImportContext context)
    {
        var stats = new ReplayStats();
        var replayer = new AuditLogReplayer(context.WantedEventTypes.Contains);
        // The log's own identity: imported again, on any boot of any machine, its processes get the same GUIDs.
        var origin = AuditLogOrigin.Of(new FileInfo(context.SourceName));
        foreach (var recorderEvent in replayer.Replay(input, stats))
        {
            recorderEvent.Replay = origin;
            context.Statistics.Records = stats.Records;
            yield return recorderEvent;
        }
        context.Statistics.Records = stats.Records;
        foreach (var error in stats.Errors)
            context.Statistics.AddMalformed($"line {error.Line}", $"{error.Reason}: {error.Excerpt}");
        for (var more = stats.Malformed - stats.Errors.Count; more > 0; more--)
            context.Statistics.AddMalformed("line ?", "malformed (details not kept)");
    }
}

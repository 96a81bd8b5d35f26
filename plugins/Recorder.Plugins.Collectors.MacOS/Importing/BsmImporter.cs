using Recorder.Contracts.Events;
using Recorder.Contracts.Importing;
using Recorder.MacOS.Bsm;
using Recorder.Plugins.Collectors.MacOS.Bsm;
using Recorder.Plugins.Collectors.MacOS.Processes;

namespace Recorder.Plugins.Collectors.MacOS.Importing;

/// <summary>
/// <c>recorder import trail</c>: an OpenBSM audit trail (macOS /var/audit, FreeBSD, or bytes saved from an
/// auditpipe), through the same decoder and mapping as live recording.
/// </summary>
[Importer("bsm")]
public sealed class BsmImporter : IEventImporter
{
    /// <inheritdoc />
    public string Description => "OpenBSM audit trail (macOS /var/audit, auditpipe)";

    /// <inheritdoc />
    public bool Recognizes(string fileName, ReadOnlySpan<byte> head)
    {
        // A trail starts with a file token (a trail continued from another) or a header whose size is plausible and
        // whose trailer, when it is within the head, repeats that size.
        if (head.Length > 11 && head[0] == BsmTokenType.OtherFile32)
        {
            var nameLength = head[9] << 8 | head[10];
            var next = 11 + nameLength;
            return next < head.Length && BsmTokenType.IsHeader(head[next]);
        }
        if (head.Length < BsmRecordDecoder.MinimumRecordSize || !BsmTokenType.IsHeader(head[0])) return false;
        var size = (uint)(head[1] << 24 | head[2] << 16 | head[3] << 8 | head[4]);
        if (size < BsmRecordDecoder.MinimumRecordSize || size > BsmTrailReader.MaximumRecordSize) return false;
        if (size > head.Length) return head.Length == 4096; // a first record longer than the head: trust the header
        var trailer = head[((int)size - BsmRecordDecoder.TrailerSize)..(int)size];
        return trailer[0] == BsmTokenType.Trailer && trailer[1] == 0xB1 && trailer[2] == 0x05;
    }

    /// <inheritdoc />
    public IEnumerable<RecorderEvent> Read(Stream input, ImportContext context)
    {
        var statistics = new BsmTrailStatistics();
        // Imported trails say nothing of the machine: its processes get GUIDs of the trail's own machine key.
        var mapper = new BsmEventMapper(new MacProcessTable(MacProcessGuid.ForMachine("bsm-import")), context.WantedEventTypes.Contains);
        long skipped = 0;
        foreach (var record in BsmTrailReader.Read(input, statistics, context.CancellationToken))
        {
            context.Statistics.Records = statistics.Records;
            var recorderEvent = mapper.Map(record);
            if (recorderEvent is null)
            {
                context.Statistics.Skipped = ++skipped;
                continue;
            }
            yield return recorderEvent;
        }
        context.Statistics.Records = statistics.Records;
        foreach (var (offset, message) in statistics.Problems)
            context.Statistics.AddMalformed($"byte {offset}", message);
        for (var more = statistics.Malformed - statistics.Problems.Count; more > 0; more--)
            context.Statistics.AddMalformed("byte ?", "malformed (details not kept)");
    }
}

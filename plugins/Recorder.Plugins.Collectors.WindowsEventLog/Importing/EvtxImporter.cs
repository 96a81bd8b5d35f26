using Recorder.Contracts.Events;
using Recorder.Contracts.Importing;
using Recorder.Plugins.Collectors.WindowsEventLog.Mapping;
using Recorder.Windows.EventLog.Evtx;

namespace Recorder.Plugins.Collectors.WindowsEventLog.Importing;

/// <summary>
/// <c>recorder import file.evtx</c>: a Windows event log read by our own EVTX reader (any OS), its Sysmon and
/// Security logon events mapped as a live watcher's would be, every other event as <c>windows.event</c> (its fields as
/// tags). Damaged chunks and records are counted with their file offset and skipped; events of types no subscription
/// stores are counted as skipped.
/// </summary>
[Importer("evtx")]
public sealed class EvtxImporter : IEventImporter
{
    /// <inheritdoc />
    public string Description => "Windows event log (.evtx: Sysmon, Security logons, other events as windows.event)";

    /// <inheritdoc />
    public IReadOnlyList<EventSchema> Produces { get; } = [.. WindowsSchemas.All, WindowsSchemas.WindowsEvent];

    /// <inheritdoc />
    public bool Recognizes(string fileName, ReadOnlySpan<byte> head) => EvtxReader.HasSignature(head);

    /// <inheritdoc />
    public IEnumerable<RecorderEvent> Read(Stream input, ImportContext context)
    {
        var statistics = context.Statistics;
        var reader = new EvtxReader(input, problem => statistics.AddMalformed($"offset {problem.FileOffset}", problem.Message));
        foreach (var record in reader.ReadRecords())
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            statistics.Records++;
            var type = WindowsEventMapper.ImportTypeOf(record.Event);
            // Types no subscription stores are skipped before the event is built (the host knows this plugin's own
            // types from Produces).
            if (!context.WantedEventTypes.Contains(type))
            {
                statistics.Skipped++;
                continue;
            }
            var recorderEvent = WindowsEventMapper.MapImported(record.Event);
            if (recorderEvent is null)
            {
                statistics.Skipped++;
                continue;
            }
            yield return recorderEvent;
        }
    }
}

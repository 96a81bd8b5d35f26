using System.Collections.Concurrent;
using Recorder.Contracts.Events;
using Recorder.Contracts.Importing;
using Recorder.Plugins.Collectors.WindowsEtw.Mapping;
using Recorder.Plugins.Collectors.WindowsEtw.Replay;
using Recorder.Windows.Etw.Etl;

namespace Recorder.Plugins.Collectors.WindowsEtw.Importing;

/// <summary>
/// <c>recorder import file.etl</c>: a Windows kernel trace read by our own ETL reader (any OS), replayed through
/// TraceEvent's parsers and mapped as the live session's events are. Damaged buffers and events are counted with
/// their file offset and skipped; a file that is not a trace is refused naming file and offset.
/// </summary>
[Importer("etl")]
public sealed class EtlImporter : IEventImporter
{
    private const int QueueCapacity = 4096;

    /// <inheritdoc />
    public string Description => "Windows ETW kernel trace (.etl: processes, images, files, registry, TCP, DNS)";

    /// <inheritdoc />
    public bool Recognizes(string fileName, ReadOnlySpan<byte> head) => EtlReader.HasSignature(head);

    /// <inheritdoc />
    public IEnumerable<RecorderEvent> Read(Stream input, ImportContext context)
    {
        var statistics = context.Statistics;
        using var replay = EtlReplaySource.Open(input, context.SourceName,
            problem => statistics.AddMalformed($"offset {problem.FileOffset}", problem.Message), context.CancellationToken);
        statistics.Records = replay.Records;
        foreach (var loss in TraceLoss.Of(replay.Reader.Header)) yield return loss;

        // TraceEvent pushes events through callbacks; a bounded queue hands them to this enumerator as they come.
        using var queue = new BlockingCollection<RecorderEvent>(QueueCapacity);
        var machine = $"etl:{replay.Reader.Header.LoggerName}:{replay.Reader.Header.BootTime}";
        var mapper = new EtwEventMapper(new EtwProcessTable(machine), context.WantedEventTypes.Contains, e => queue.Add(e))
        {
            // Called on the replay thread; the statistics are read only after it has finished.
            Undecodable = (data, ex) => statistics.AddMalformed($"offset {replay.FileOffsetOf((long)data.EventIndex)}",
                $"{data.ProviderName}/{data.EventName} could not be decoded: {ex.Message}"),
        };
        mapper.Attach(replay.Source);
        long lastDispatched = -1;
        replay.Source.AllEvents += data => lastDispatched = (long)data.EventIndex;
        Exception? failure = null;
        var producer = new Thread(() =>
        {
            try { replay.Source.Process(); }
            catch (Exception ex) when (ex is not OperationCanceledException) { failure = ex; }
            finally { queue.CompleteAdding(); }
        }) { IsBackground = true, Name = "etl-replay" };
        producer.Start();
        try
        {
            foreach (var e in queue.GetConsumingEnumerable(context.CancellationToken)) yield return e;
        }
        finally
        {
            replay.Source.StopProcessing();
            // Let a producer blocked on a full queue finish.
            while (!producer.Join(10)) queue.TryTake(out _);
        }
        // TraceEvent decodes some fields before it dispatches (its fix-ups): a damaged one stops the replay at that event.
        if (failure is not null)
            throw EtlFormatError.At(context.SourceName, replay.FileOffsetOf(lastDispatched + 1) ?? -1,
                $"TraceEvent could not decode this event, the rest of the trace is not imported: {failure.Message}");
        statistics.Skipped = replay.Records - 1 - mapper.Mapped;
    }
}

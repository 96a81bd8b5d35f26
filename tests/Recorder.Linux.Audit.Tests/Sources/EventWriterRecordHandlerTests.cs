using System.Text;
using System.Text.RegularExpressions;
using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;
using Recorder.Linux.Audit.Parsing;
using Recorder.Linux.Audit.Sources;
using Recorder.Tests.Shared;

namespace Recorder.Linux.Audit.Tests.Sources;

/// <summary>
/// The handler hands the events of one read to the host in one <see cref="IEventWriter.TryWriteMany"/> when the source
/// ends the batch (one wake-up of the host's pipeline per read): none before, none lost, drops counted.
/// </summary>
public sealed class EventWriterRecordHandlerTests
{
    private static string LiveLog => Path.Combine(RepoPaths.Root, "tests", "Recorder.Linux.Audit.Tests", "Normalization", "Data", "live-actions.log");

    private static readonly Regex Header = new(@"^type=(\S+) msg=(audit\(.*)$", RegexOptions.Singleline);

    private static void Feed(EventWriterRecordHandler handler, IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            var m = Header.Match(line);
            Assert.True(AuditRecordTypeNames.TryGetType(Encoding.ASCII.GetBytes(m.Groups[1].Value), out var type));
            handler.OnRecord((ushort)type, Encoding.UTF8.GetBytes(m.Groups[2].Value));
        }
    }

    [Fact]
    public void Events_of_a_batch_are_handed_over_together_at_its_end_and_the_rest_when_flushed()
    {
        var writer = new BurstRecordingWriter();
        var handler = new EventWriterRecordHandler(writer, AllTypes(), ["recorder"]);
        Feed(handler, File.ReadAllLines(LiveLog));
        Assert.Empty(writer.Bursts); // nothing yet: the source has not ended the batch

        handler.OnBatchEnd();
        var first = Assert.Single(writer.Bursts);
        Assert.True(first > 0);

        handler.OnBatchEnd(); // nothing new: no empty hand-over
        Assert.Single(writer.Bursts);

        handler.FlushAll(); // the last events of the log are completed by the flush and handed over by it
        Assert.Equal(0, writer.SingleWrites);
        Assert.Equal(writer.Bursts.Sum(), writer.Accepted.Count);
        Assert.Equal(handler.Counters.EventsNormalized, writer.Accepted.Count);
        Assert.Equal(writer.Accepted.Count, handler.EventsWritten);
        Assert.Equal(0, handler.EventsDropped);
    }

    [Fact]
    public void The_idle_flush_hands_over_what_is_pending_itself()
    {
        // Sources call OnIdle without a batch end after it (docs of IAuditRecordHandler.OnIdle).
        var writer = new BurstRecordingWriter();
        var handler = new EventWriterRecordHandler(writer, AllTypes(), ["recorder"]);
        Feed(handler, File.ReadAllLines(LiveLog));
        handler.OnIdle();
        Assert.True(Assert.Single(writer.Bursts) > 0);
    }

    [Fact]
    public void Events_the_host_refuses_are_counted_as_dropped()
    {
        var writer = new BurstRecordingWriter { Capacity = 3 };
        var handler = new EventWriterRecordHandler(writer, AllTypes(), ["recorder"]);
        Feed(handler, File.ReadAllLines(LiveLog));
        handler.FlushAll();
        Assert.Equal(3, handler.EventsWritten);
        Assert.Equal(handler.Counters.EventsNormalized - 3, handler.EventsDropped);
        Assert.True(handler.EventsDropped > 0);
    }

    private static HashSet<string> AllTypes() => new(EventSchemas.All.Select(s => s.Name), StringComparer.Ordinal);

    private sealed class BurstRecordingWriter : IEventWriter
    {
        public List<int> Bursts { get; } = [];
        public List<RecorderEvent> Accepted { get; } = [];
        public int SingleWrites { get; private set; }
        public int Capacity { get; init; } = int.MaxValue;

        public RecorderEvent CreateEvent(EventSchema schema) => new(schema);

        public bool TryWrite(RecorderEvent recorderEvent)
        {
            SingleWrites++;
            return Accept(recorderEvent);
        }

        public int TryWriteMany(IReadOnlyList<RecorderEvent> events)
        {
            Bursts.Add(events.Count);
            return events.Count(Accept);
        }

        private bool Accept(RecorderEvent e)
        {
            if (Accepted.Count >= Capacity) return false;
            Accepted.Add(e);
            return true;
        }
    }
}

using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;
using Recorder.Host.Diagnostics;
using Recorder.Host.Pipeline;
using Recorder.Host.Status;

namespace Recorder.Host.Tests.Pipeline;

/// <summary>
/// Events the host drops leave a recorder.loss marker in the stores: how many, why and when. A full ingress queue
/// marks every sink; a failed sink gets the marker of its lost batch once it writes again.
/// </summary>
public sealed class LossMarkerTests
{
    private static readonly DateTime T0 = new(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task A_full_ingress_queue_drops_and_every_sink_gets_a_marker_of_the_drops()
    {
        var status = new StatusBoard();
        var log = new HostLog(TextWriter.Null);
        var pipeline = new EventPipeline(ingressCapacity: 4, log, status);
        var sink = new RecordingSink();
        var worker = new SinkWorker("memory", "memory", () => sink, new SinkWorkerOptions { BatchDelay = TimeSpan.FromMilliseconds(1), Ids = pipeline.Ids }, log, status);
        pipeline.SetRoutes(new RoutingTable([], new Dictionary<string, SinkWorker> { ["memory"] = worker }));

        // Not started yet: the queue holds four, the other six are dropped.
        var accepted = Enumerable.Range(0, 10).Count(i => pipeline.TryWrite(Event(T0.AddSeconds(i))));
        Assert.Equal(4, accepted);
        pipeline.Start();
        await pipeline.DrainAsync(TimeSpan.FromSeconds(10));
        await worker.CompleteAsync(TimeSpan.FromSeconds(10));

        var marker = Assert.Single(sink.Written, e => e.Type == EventTypes.RecorderLoss);
        var schema = EventSchemas.RecorderLoss;
        Assert.Equal(6L, marker.Get(schema.Count));
        Assert.Equal("ingress_full", marker.Get(schema.Reason));
        Assert.Equal("pipeline", marker.Get(schema.Source));
        Assert.Equal(T0.AddSeconds(4), marker.Get(schema.FirstTime));
        Assert.Equal(T0.AddSeconds(9), marker.Get(schema.LastTime));
        Assert.Equal(T0.AddSeconds(4), marker.Time);
    }

    [Fact]
    public async Task A_batch_a_failing_sink_lost_is_marked_in_that_sink_once_it_writes_again()
    {
        var status = new StatusBoard();
        var log = new HostLog(TextWriter.Null);
        var sink = new RecordingSink { FailuresLeft = 3 };
        var worker = new SinkWorker("memory", "memory", () => sink, new SinkWorkerOptions { BatchDelay = TimeSpan.FromMilliseconds(1), MaxAttempts = 3 }, log, status);

        for (var i = 0; i < 5; i++) await worker.EnqueueAsync(Event(T0.AddSeconds(i)), default);
        await worker.FlushAsync(default); // three failed attempts: the batch is lost, the sink backs off
        await Task.Delay(TimeSpan.FromSeconds(2.5)); // past the back-off
        await worker.EnqueueAsync(Event(T0.AddMinutes(1)), default);
        await worker.CompleteAsync(TimeSpan.FromSeconds(10));

        var marker = Assert.Single(sink.Written, e => e.Type == EventTypes.RecorderLoss && e.Get(EventSchemas.RecorderLoss.Reason) == "sink_failed");
        Assert.Equal(5L, marker.Get(EventSchemas.RecorderLoss.Count));
        Assert.Equal(T0, marker.Get(EventSchemas.RecorderLoss.FirstTime));
        Assert.Equal(T0.AddSeconds(4), marker.Get(EventSchemas.RecorderLoss.LastTime));
        Assert.Equal("sink.memory", marker.Get(EventSchemas.RecorderLoss.Source));
        Assert.Contains(sink.Written, e => e.Time == T0.AddMinutes(1) && e.Type == EventTypes.FileWrite);
    }

    private static RecorderEvent Event(DateTime time)
    {
        var e = new RecorderEvent(EventSchemas.FileWrite) { Time = time, Collector = "test" };
        e.Set(EventSchemas.FileWrite.Path, "/tmp/x");
        return e;
    }

    /// <summary>Keeps what it is given; fails the first <see cref="FailuresLeft"/> writes.</summary>
    private sealed class RecordingSink : ISink
    {
        public int FailuresLeft { get; set; }
        public List<RecorderEvent> Written { get; } = [];

        public ValueTask WriteBatchAsync(IReadOnlyList<RecorderEvent> batch, CancellationToken cancellationToken)
        {
            lock (Written)
            {
                if (FailuresLeft > 0)
                {
                    FailuresLeft--;
                    throw new IOException("disk full");
                }
                Written.AddRange(batch);
            }
            return ValueTask.CompletedTask;
        }

        public ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
        public ValueTask ShutdownAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}

using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;
using Recorder.Host.Diagnostics;
using Recorder.Host.Pipeline;
using Recorder.Host.Status;

namespace Recorder.Host.Tests.Pipeline;

/// <summary>
/// A sink's calls run on one kept thread (a thread started per batch cost more than a small batch's write), and a
/// write that blocks that thread past the deadline still only costs its batch: the next batches get a new thread.
/// </summary>
public sealed class SinkCallThreadTests
{
    private static readonly DateTime T0 = new(2026, 12, 2, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Batch_after_batch_is_written_on_the_same_thread_which_is_not_the_callers()
    {
        var sink = new ThreadNotingSink();
        var worker = new SinkWorker("memory", "memory", () => sink, new SinkWorkerOptions { BatchDelay = TimeSpan.FromMilliseconds(1) }, new HostLog(TextWriter.Null), new StatusBoard());
        for (var i = 0; i < 5; i++)
        {
            await worker.EnqueueAsync(Event(T0.AddSeconds(i)), default);
            await worker.FlushAsync(default); // one batch each
        }
        await worker.CompleteAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(5, sink.WriteThreads.Count);
        Assert.Single(sink.WriteThreads.Distinct());
        Assert.NotEqual(Environment.CurrentManagedThreadId, sink.WriteThreads[0]);
    }

    [Fact]
    public async Task A_write_that_blocks_its_thread_loses_its_batch_and_the_next_batch_is_written_on_a_new_thread()
    {
        var status = new StatusBoard();
        var release = new ManualResetEventSlim(false);
        var sink = new ThreadNotingSink { BlockFirstWrite = release };
        var options = new SinkWorkerOptions { BatchDelay = TimeSpan.FromMilliseconds(1), WriteTimeout = TimeSpan.FromMilliseconds(300), MaxAttempts = 1 };
        var worker = new SinkWorker("memory", "memory", () => sink, options, new HostLog(TextWriter.Null), status);
        try
        {
            await worker.EnqueueAsync(Event(T0), default);
            await worker.FlushAsync(default);
            await Task.Delay(TimeSpan.FromSeconds(1.5)); // past the back-off after the failure
            await worker.EnqueueAsync(Event(T0.AddSeconds(1)), default);
            await worker.FlushAsync(default);

            // The blocked write, the next batch, then the loss marker of the first batch: both after it on a new thread.
            Assert.Equal(3, sink.WriteThreads.Count);
            Assert.DoesNotContain(sink.WriteThreads[0], sink.WriteThreads.Skip(1));
            Assert.Equal(sink.WriteThreads[1], sink.WriteThreads[2]);
            Assert.Contains(sink.Written, e => e.Time == T0.AddSeconds(1));
            Assert.Equal(1, status.Counter(worker.Domain, DropReasons.SinkFailed).Value);
        }
        finally
        {
            release.Set();
            await worker.CompleteAsync(TimeSpan.FromSeconds(10));
        }
    }

    private static RecorderEvent Event(DateTime time)
    {
        var e = new RecorderEvent(EventSchemas.FileWrite) { Time = time, Collector = "test" };
        e.Set(EventSchemas.FileWrite.Path, "/tmp/x");
        return e;
    }

    private sealed class ThreadNotingSink : ISink
    {
        public List<int> WriteThreads { get; } = [];
        public List<RecorderEvent> Written { get; } = [];
        public ManualResetEventSlim? BlockFirstWrite { get; init; }

        public ValueTask WriteBatchAsync(IReadOnlyList<RecorderEvent> batch, CancellationToken cancellationToken)
        {
            lock (WriteThreads)
            {
                WriteThreads.Add(Environment.CurrentManagedThreadId);
                if (WriteThreads.Count > 1 || BlockFirstWrite is null) Written.AddRange(batch);
            }
            if (WriteThreads.Count == 1) BlockFirstWrite?.Wait();
            return ValueTask.CompletedTask;
        }

        public ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask ShutdownAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}

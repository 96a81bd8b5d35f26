using System.Collections.Concurrent;
using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;

namespace Company.RecorderPlugin.Tests.Support;

/// <summary>Stands in for the host's pipeline entry: keeps every event a collector writes, numbered like the host does.</summary>
public sealed class RecordingEventWriter : IEventWriter
{
    private long _nextId;

    public ConcurrentQueue<RecorderEvent> Written { get; } = new();

    public RecorderEvent CreateEvent(EventSchema schema) => new(schema);

    public bool TryWrite(RecorderEvent recorderEvent)
    {
        recorderEvent.Id = Interlocked.Increment(ref _nextId);
        Written.Enqueue(recorderEvent);
        return true;
    }

    /// <summary>Waits until at least <paramref name="count"/> events were written, or fails the test after 10 s.</summary>
    public async Task WaitForAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Written.Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {Written.Count} of {count} events were written within 10 s");
            await Task.Delay(10);
        }
    }
}

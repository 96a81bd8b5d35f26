using System.Collections.Concurrent;
using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;

namespace Recorder.Plugins.Collectors.LinuxAudit.Tests.Support;

/// <summary>An <see cref="IEventWriter"/> that keeps every event, with a wait-for helper for live tests.</summary>
internal sealed class CollectingEventWriter : IEventWriter
{
    private long _nextId;

    public ConcurrentQueue<RecorderEvent> Events { get; } = new();

    public RecorderEvent CreateEvent(EventSchema schema) => new(schema);

    public bool TryWrite(RecorderEvent recorderEvent)
    {
        recorderEvent.Id = Interlocked.Increment(ref _nextId);
        recorderEvent.Collector = "linux-audit";
        Events.Enqueue(recorderEvent);
        return true;
    }

    /// <summary>The first event of <paramref name="type"/> matching <paramref name="match"/>, waiting up to 10 s.</summary>
    public RecorderEvent WaitFor(string type, Func<RecorderEvent, bool> match, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var e in Events)
                if (e.Type == type && match(e)) return e;
            Thread.Sleep(25);
        }
        var sample = Events.Where(e => e.Type == type).TakeLast(15).Select(Describe);
        throw new Xunit.Sdk.XunitException($"no {type} event for {what} within 10 s; {Events.Count} events in all; last of that type:\n{string.Join("\n", sample)}");
    }

    public static string Describe(RecorderEvent e)
    {
        var fields = string.Join(" ", e.Schema.Fields.Select(f => $"{f.Name}={e[f]}"));
        return $"{e.Type} pid={e.Process.Pid} exe={e.Process.Executable} cmd={e.Process.CommandLine} uid={e.Process.Uid} auid={e.Process.LoginUid} outcome={e.Outcome} result={e.ResultCode} {fields}";
    }
}

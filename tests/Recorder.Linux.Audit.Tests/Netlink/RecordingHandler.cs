using System.Collections.Concurrent;
using System.Text;
using Recorder.Linux.Audit.Sources;

namespace Recorder.Linux.Audit.Tests.Netlink;

/// <summary>Keeps every record a source delivers as text, for assertions.</summary>
internal sealed class RecordingHandler : IAuditRecordHandler
{
    public ConcurrentQueue<(ushort Type, string Text)> Records { get; } = new();
    public int IdleCalls;

    public void OnRecord(ushort type, ReadOnlySpan<byte> text) => Records.Enqueue((type, Encoding.UTF8.GetString(text)));

    public void OnLogLine(ReadOnlySpan<byte> line) => Records.Enqueue((0, Encoding.UTF8.GetString(line)));

    public void OnIdle() => Interlocked.Increment(ref IdleCalls);

    /// <summary>Waits until a record satisfies <paramref name="match"/>, or fails after the timeout.</summary>
    public string WaitFor(Func<string, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var record in Records)
                if (match(record.Text)) return record.Text;
            Thread.Sleep(20);
        }
        throw new Xunit.Sdk.XunitException($"no matching record within {timeout}; got {Records.Count} records:\n" +
            string.Join("\n", Records.Take(20).Select(r => r.Type + " " + r.Text)));
    }
}

using System.Text;
using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;

namespace Recorder.TestPlugins.FileSink;

/// <summary>Options of the test sink.</summary>
public sealed class FileSinkOptions
{
    /// <summary>File the sink appends to (one line per event).</summary>
    public string Path { get; set; } = "";
    /// <summary>A pause after each batch, to make a slow sink (a stop then has a long queue to drain).</summary>
    public int DelayMsPerBatch { get; set; }
}

/// <summary>
/// A test sink that appends one line per event to a file: type, the counter number (when present), and
/// tags. Tests read the file to see exactly what reached a sink.
/// </summary>
[Sink("test-file")]
public sealed class FileSinkProvider : ISinkProvider
{
    public ISink CreateSink(SinkContext context)
    {
        var options = context.Options.Bind<FileSinkOptions>();
        if (string.IsNullOrWhiteSpace(options.Path)) throw new PluginOptionsException("path", "is required");
        return new FileSink(options.Path, TimeSpan.FromMilliseconds(options.DelayMsPerBatch));
    }

    private sealed class FileSink(string path, TimeSpan delayPerBatch) : ISink
    {
        private readonly StreamWriter _writer = new(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite), Encoding.UTF8);

        public async ValueTask WriteBatchAsync(IReadOnlyList<RecorderEvent> batch, CancellationToken cancellationToken)
        {
            if (delayPerBatch > TimeSpan.Zero) await Task.Delay(delayPerBatch, CancellationToken.None);
            foreach (var e in batch)
            {
                var number = e.Schema.TryGetField("counter.number", out var f) ? e[f] : null;
                var tags = e.HasTags ? string.Join(",", e.Tags.Select(t => t.Key + "=" + t.Value)) : "";
                _writer.WriteLine($"{e.Type}\t{number}\t{e.Id}\t{e.Collector}\t{tags}");
            }
        }

        public ValueTask FlushAsync(CancellationToken cancellationToken)
        {
            _writer.Flush();
            return ValueTask.CompletedTask;
        }

        public ValueTask ShutdownAsync(CancellationToken cancellationToken)
        {
            _writer.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

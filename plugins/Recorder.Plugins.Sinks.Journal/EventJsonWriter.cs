using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Recorder.Contracts.Ecs;
using Recorder.Contracts.Events;

namespace Recorder.Plugins.Sinks.Journal;

/// <summary>
/// Writes events as lines of JSON into one buffer: Recorder's own flat form (<see cref="EventJsonLine"/>:
/// <c>{"event.time":"…","event.type":"file.write","process.pid":42,"file.path":"/etc/passwd"}</c>), or in
/// <see cref="JournalFormat.Ecs"/> each event's ECS document (<see cref="EcsDocument"/>, with this machine as
/// <c>host.*</c>).
/// </summary>
public sealed class EventJsonWriter(JournalFormat format = JournalFormat.Recorder)
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private Utf8JsonWriter? _json;

    /// <summary>The bytes written since the last <see cref="Clear"/>.</summary>
    public ReadOnlyMemory<byte> Written => _buffer.WrittenMemory;

    /// <summary>Forgets what was written (keeps the buffer).</summary>
    public void Clear() => _buffer.ResetWrittenCount();

    /// <summary>Appends one event and a newline.</summary>
    public void Write(RecorderEvent e)
    {
        if (_json is null) _json = new Utf8JsonWriter(_buffer, Options);
        else _json.Reset(_buffer);
        var json = _json;
        if (format == JournalFormat.Ecs) EcsDocument.Write(json, e, EcsHostInfo.Current);
        else EventJsonLine.Write(json, e);
        json.Flush();
        _buffer.GetSpan(1)[0] = (byte)'\n';
        _buffer.Advance(1);
    }
}

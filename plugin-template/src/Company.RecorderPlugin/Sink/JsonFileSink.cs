using System.Buffers;
using System.Text.Json;
using Recorder.Contracts.Events;
using Recorder.Contracts.Plugins;

namespace Company.RecorderPlugin;

/// <summary>
/// Appends events to a file as JSON lines: the header, the process, every field of the event's schema (so a
/// type declared by any plugin is stored without changes here) and the tags. The host calls it from one worker
/// with batches; each batch is encoded into one reused buffer and written with one call.
/// </summary>
public sealed class JsonFileSink : ISink
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    private readonly FileStream _file;
    private readonly bool _flushToDisk;
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private readonly Utf8JsonWriter _json;
    private readonly IPluginCounter _written;

    /// <summary>Opens (or creates) the file for appending.</summary>
    public JsonFileSink(JsonFileSinkOptions options, IPluginDiagnostics diagnostics)
    {
        if (Path.GetDirectoryName(options.Path) is { Length: > 0 } folder) Directory.CreateDirectory(folder);
        _file = new FileStream(options.Path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0, useAsync: true);
        _flushToDisk = options.FlushToDisk;
        _json = new Utf8JsonWriter(_buffer);
        _written = diagnostics.Counter("written");
    }

    /// <inheritdoc />
    public async ValueTask WriteBatchAsync(IReadOnlyList<RecorderEvent> batch, CancellationToken cancellationToken)
    {
        _buffer.ResetWrittenCount();
        for (var i = 0; i < batch.Count; i++)
        {
            _json.Reset(_buffer);
            WriteEvent(_json, batch[i]);
            _json.Flush();
            _buffer.Write(NewLine);
        }
        await _file.WriteAsync(_buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        _written.Add(batch.Count);
    }

    /// <inheritdoc />
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        await _file.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (_flushToDisk) _file.Flush(flushToDisk: true);
    }

    /// <inheritdoc />
    public async ValueTask ShutdownAsync(CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        await _json.DisposeAsync().ConfigureAwait(false);
        await _file.DisposeAsync().ConfigureAwait(false);
    }

    private static void WriteEvent(Utf8JsonWriter json, RecorderEvent e)
    {
        json.WriteStartObject();
        json.WriteNumber("id", e.Id);
        json.WriteString("time", e.Time);
        json.WriteString("type", e.Type);
        json.WriteString("collector", e.Collector);
        json.WriteString("outcome", CommonFields.OutcomeName(e.Outcome));
        if (e.Process.Pid is { } pid) json.WriteNumber("pid", pid);
        if (e.Process.Executable is { } executable) json.WriteString("exe", executable);

        json.WriteStartObject("fields");
        foreach (var field in e.Schema.Fields)
            WriteValue(json, field.Name, e[field.Ordinal]);
        json.WriteEndObject();

        if (e.HasTags)
        {
            json.WriteStartObject("tags");
            foreach (var (name, value) in e.Tags) json.WriteString(name, value);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter json, string name, object? value)
    {
        switch (value)
        {
            case null: break; // unknown values are left out, as in every Recorder sink
            case string text: json.WriteString(name, text); break;
            case long number: json.WriteNumber(name, number); break;
            case int number: json.WriteNumber(name, number); break;
            case bool flag: json.WriteBoolean(name, flag); break;
            case double real when double.IsFinite(real): json.WriteNumber(name, real); break;
            case DateTime time: json.WriteString(name, time); break;
            case Guid guid: json.WriteString(name, guid); break;
            case IEnumerable<string?> several:
                json.WriteStartArray(name);
                foreach (var item in several) json.WriteStringValue(item);
                json.WriteEndArray();
                break;
            default: json.WriteString(name, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)); break;
        }
    }
}

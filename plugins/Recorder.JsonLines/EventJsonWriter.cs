using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using Recorder.Contracts.Ecs;
using Recorder.Contracts.Events;

namespace Recorder.JsonLines;

/// <summary>
/// Writes one event as one line of JSON with flat dotted keys, the schema's own field names
/// (<c>{"event.time":"…","event.type":"file.write","process.pid":42,"file.path":"/etc/passwd"}</c>). Absent values
/// are left out; multi-valued fields are arrays; tags are an object under <c>tags</c>. Property names are encoded
/// once per field, not per event. With <paramref name="ecs"/> each line is the event's ECS document instead
/// (<see cref="EcsDocument"/>, with this machine as <c>host.*</c>).
/// </summary>
/// <param name="ecs">Write ECS documents rather than Recorder's flat lines.</param>
public sealed class EventJsonWriter(bool ecs = false)
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };
    private static readonly JsonEncodedText Tags = JsonEncodedText.Encode("tags");
    private static readonly (EventField Field, JsonEncodedText Name, Func<RecorderEvent, object?> Get)[] Common =
        CommonFields.All.Select(f =>
        {
            CommonFields.TryGetAccessor(f.Name, out var get);
            return (f, JsonEncodedText.Encode(f.Name, JavaScriptEncoder.UnsafeRelaxedJsonEscaping), get);
        }).ToArray();

    private readonly Dictionary<EventSchema, JsonEncodedText[]> _names = new(ReferenceEqualityComparer.Instance);
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
        if (ecs) EcsDocument.Write(json, e, EcsHostInfo.Current);
        else WriteRecorderLine(json, e);
        json.Flush();
        _buffer.GetSpan(1)[0] = (byte)'\n';
        _buffer.Advance(1);
    }

    private void WriteRecorderLine(Utf8JsonWriter json, RecorderEvent e)
    {
        json.WriteStartObject();
        foreach (var (field, name, get) in Common)
        {
            // The common accessors are fast enough for the process block; ancestry only when present.
            if (field.MultiValued && e.Process.Ancestors.Count == 0) continue;
            WriteValue(json, name, field, get(e));
        }
        if (!_names.TryGetValue(e.Schema, out var names))
            _names[e.Schema] = names = e.Schema.Fields.Select(f => JsonEncodedText.Encode(f.Name, JavaScriptEncoder.UnsafeRelaxedJsonEscaping)).ToArray();
        var fields = e.Schema.Fields;
        for (var i = 0; i < fields.Count; i++) WriteValue(json, names[i], fields[i], e[i]);
        if (e.HasTags)
        {
            json.WriteStartObject(Tags);
            foreach (var (key, value) in e.Tags) json.WriteString(key, value);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter json, JsonEncodedText name, EventField field, object? value)
    {
        switch (value)
        {
            case null: return;
            case string s: json.WriteString(name, s); return;
            case long l: json.WriteNumber(name, l); return;
            case int i: json.WriteNumber(name, i); return;
            case bool b: json.WriteBoolean(name, b); return;
            case double d when double.IsFinite(d): json.WriteNumber(name, d); return;
            case DateTime t: json.WriteString(name, (t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : DateTime.SpecifyKind(t, DateTimeKind.Utc)).ToString("O", CultureInfo.InvariantCulture)); return;
            case Guid g: json.WriteString(name, g); return;
            case IPAddress a: json.WriteString(name, a.ToString()); return;
            case IEnumerable<string?> many:
                json.WriteStartArray(name);
                foreach (var item in many) { if (item is null) json.WriteNullValue(); else json.WriteStringValue(item); }
                json.WriteEndArray();
                return;
            case IFormattable f when field.Type is FieldType.Int64 or FieldType.Double:
                json.WritePropertyName(name);
                json.WriteRawValue(f.ToString(null, CultureInfo.InvariantCulture), skipInputValidation: false);
                return;
            default: json.WriteString(name, Convert.ToString(value, CultureInfo.InvariantCulture)); return;
        }
    }
}

using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Recorder.Contracts.Events;

/// <summary>
/// Recorder's own JSON form of an event, as the journal writes it and <c>recorder watch --format jsonl</c> sends it:
/// one object with flat dotted keys, the schema's own field names
/// (<c>{"event.time":"…","event.type":"file.write","process.pid":42,"file.path":"/etc/passwd"}</c>). Absent values
/// are left out; multi-valued fields and lists are arrays; tags are an object under <c>tags</c>. Property names are
/// encoded once per field, not per event.
/// </summary>
public static class EventJsonLine
{
    private static readonly JsonEncodedText Tags = JsonEncodedText.Encode("tags");
    private static readonly (EventField Field, JsonEncodedText Name, Func<RecorderEvent, object?> Get)[] Common =
        CommonFields.All.Select(f =>
        {
            CommonFields.TryGetAccessor(f.Name, out var get);
            return (f, JsonEncodedText.Encode(f.Name, JavaScriptEncoder.UnsafeRelaxedJsonEscaping), get);
        }).ToArray();

    // Keyed by schema instance, weakly: a plugin's own schemas go away with its collectible load context.
    private static readonly ConditionalWeakTable<EventSchema, JsonEncodedText[]> Names = new();

    /// <summary>Writes the event as one JSON object (no newline).</summary>
    public static void Write(Utf8JsonWriter json, RecorderEvent e)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(e);
        json.WriteStartObject();
        foreach (var (field, name, get) in Common)
        {
            // The common accessors are fast enough for the process block; ancestry only when present.
            if (field.MultiValued && e.Process.Ancestors.Count == 0) continue;
            WriteValue(json, name, field, get(e));
        }
        var names = Names.GetValue(e.Schema, static s =>
            s.Fields.Select(f => JsonEncodedText.Encode(f.Name, JavaScriptEncoder.UnsafeRelaxedJsonEscaping)).ToArray());
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
            case string s: RepeatedTextJson.WriteString(json, name, s); return;
            case long l: json.WriteNumber(name, l); return;
            case int i: json.WriteNumber(name, i); return;
            case bool b: json.WriteBoolean(name, b); return;
            case double d when double.IsFinite(d): json.WriteNumber(name, d); return;
            case DateTime t: json.WriteString(name, (t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : DateTime.SpecifyKind(t, DateTimeKind.Utc)).ToString("O", CultureInfo.InvariantCulture)); return;
            case Guid g: json.WriteString(name, g); return;
            case IPAddress a: json.WriteString(name, a.ToString()); return;
            case IEnumerable<string?> many:
                json.WriteStartArray(name);
                foreach (var item in many) { if (item is null) json.WriteNullValue(); else RepeatedTextJson.WriteStringValue(json, item); }
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

using System.Text.Json;

namespace Recorder.Sigma.Tests.Support;

/// <summary>
/// The JSON renderings of Windows event records in SigmaHQ's regression data (<c>{"Event": {"System": ...,
/// "EventData": ...}}</c>, several records may follow each other in one file) as events with Sigma's field names:
/// every EventData (or UserData) field under its own name (and without spaces), and EventID, Channel, Provider_Name, Computer from System.
/// </summary>
public static class WindowsEventJson
{
    public static IReadOnlyList<TestEvent> Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowMultipleValues = true, CommentHandling = JsonCommentHandling.Skip });
        var events = new List<TestEvent>();
        while (reader.Read())
        {
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            events.Add(ToEvent(root.TryGetProperty("Event", out var inner) ? inner : root));
        }
        return events;
    }

    private static TestEvent ToEvent(JsonElement record)
    {
        var e = new TestEvent();
        if (record.TryGetProperty("System", out var system))
        {
            if (system.TryGetProperty("EventID", out var id)) e.Set("EventID", Value(id));
            if (system.TryGetProperty("Channel", out var channel)) e.Set("Channel", Value(channel));
            if (system.TryGetProperty("Computer", out var computer)) e.Set("Computer", Value(computer));
            if (system.TryGetProperty("Provider", out var provider) && provider.TryGetProperty("#attributes", out var attributes)
                && attributes.TryGetProperty("Name", out var name))
                e.Set("Provider_Name", Value(name));
        }
        if (record.TryGetProperty("EventData", out var data) && data.ValueKind == JsonValueKind.Object) AddFields(e, data);
        if (record.TryGetProperty("UserData", out var user) && user.ValueKind == JsonValueKind.Object)
            foreach (var child in user.EnumerateObject())
                if (child.Value.ValueKind == JsonValueKind.Object) AddFields(e, child.Value);
        return e;
    }

    private static void AddFields(TestEvent e, JsonElement fields)
    {
        foreach (var field in fields.EnumerateObject())
        {
            if (field.Name == "#attributes") continue;
            e.Set(field.Name, Value(field.Value));
            // Defender writes "Source Name", "Threat Name": Sigma rules name them without the space (SourceName).
            if (field.Name.Contains(' ')) e.Set(field.Name.Replace(" ", ""), Value(field.Value));
        }
    }

    private static SigmaValue Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number when value.TryGetInt64(out var number) => number,
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Object when value.TryGetProperty("#text", out var text) => Value(text),
        JsonValueKind.Array => SigmaValue.FromStrings(value.EnumerateArray().Select(item => item.ToString()).ToArray()),
        _ => SigmaValue.Null,
    };
}

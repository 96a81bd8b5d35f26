using System.Text.Json;

namespace Recorder.Host.Watching;

/// <summary>How a watcher wants each event written.</summary>
public enum WatchFormat
{
    /// <summary>Recorder's own flat line (<see cref="Recorder.Contracts.Events.EventJsonLine"/>), as the journal writes it.</summary>
    Jsonl,
    /// <summary>One Elastic Common Schema document (<see cref="Recorder.Contracts.Ecs.EcsDocument"/>).</summary>
    Ecs,
}

/// <summary>
/// What a watcher asks for: the first and only line a client sends, <c>watch {json}</c> (docs/streaming.md, "The
/// watch protocol"). <see cref="Types"/> are event type patterns as in subscriptions (<c>session.*</c>);
/// <see cref="Include"/> and <see cref="Exclude"/> are filters in the subscription filter language, each one flow
/// mapping such as <c>{process.user_name: root, event.outcome: failure}</c> (terms ANDed; filters ORed).
/// </summary>
public sealed record WatchRequest
{
    /// <summary>The word that starts a watch request line.</summary>
    public const string Verb = "watch";

    /// <summary>The protocol version this host speaks.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Queue length when the request names none: events waiting for a watcher that reads slowly.</summary>
    public const int DefaultQueue = 4096;

    /// <summary>
    /// Bounds on <see cref="Queue"/>: at least a few of the pipeline's batches (256 events offered at once), so a reader
    /// that keeps up is not cut off by a burst; at most what the host will hold for one client.
    /// </summary>
    public const int MinQueue = 1024, MaxQueue = 65536;

    /// <summary>Protocol version the client speaks (required).</summary>
    public int Version { get; init; } = CurrentVersion;
    /// <summary>Event type patterns (at least one).</summary>
    public IReadOnlyList<string> Types { get; init; } = [];
    /// <summary>Include filters: an event is sent when it matches one of them (or there are none).</summary>
    public IReadOnlyList<string> Include { get; init; } = [];
    /// <summary>Exclude filters: an event matching one is not sent.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];
    /// <summary>How events are written.</summary>
    public WatchFormat Format { get; init; } = WatchFormat.Jsonl;
    /// <summary>How many events may wait for this watcher before it is cut off as too slow.</summary>
    public int Queue { get; init; } = DefaultQueue;

    /// <summary>The request line (without its newline).</summary>
    public string ToLine()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("version", Version);
            WriteList(json, "types", Types);
            if (Include.Count > 0) WriteList(json, "include", Include);
            if (Exclude.Count > 0) WriteList(json, "exclude", Exclude);
            json.WriteString("format", FormatName(Format));
            json.WriteNumber("queue", Queue);
            json.WriteEndObject();
        }
        return Verb + " " + System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The text of a format in requests and on the command line.</summary>
    public static string FormatName(WatchFormat format) => format == WatchFormat.Ecs ? "ecs" : "jsonl";

    /// <summary>Parses a format name; false for anything but <c>jsonl</c> and <c>ecs</c>.</summary>
    public static bool TryParseFormat(string? text, out WatchFormat format)
    {
        switch (text)
        {
            case null or "jsonl": format = WatchFormat.Jsonl; return true;
            case "ecs": format = WatchFormat.Ecs; return true;
            default: format = WatchFormat.Jsonl; return false;
        }
    }

    /// <summary>Parses the JSON after <c>watch </c>; throws <see cref="WatchRequestException"/> naming the bad part.</summary>
    public static WatchRequest Parse(string json)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(json); }
        catch (JsonException ex) { throw new WatchRequestException($"the request is not JSON: {ex.Message}"); }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new WatchRequestException("the request must be a JSON object");
            foreach (var property in root.EnumerateObject())
                if (property.Name is not ("version" or "types" or "include" or "exclude" or "format" or "queue"))
                    throw new WatchRequestException($"unknown key '{property.Name}' (known: version, types, include, exclude, format, queue)");
            if (!root.TryGetProperty("version", out var version) || !version.TryGetInt32(out var v))
                throw new WatchRequestException($"'version' is required: the protocol version the client speaks ({CurrentVersion})");
            if (v != CurrentVersion)
                throw new WatchRequestException($"protocol version {v} is not supported; this host speaks version {CurrentVersion}");
            var types = Texts(root, "types");
            if (types.Count == 0) throw new WatchRequestException("'types' must name at least one event type or pattern, such as session.*");
            var format = WatchFormat.Jsonl;
            if (root.TryGetProperty("format", out var f) && !TryParseFormat(f.ValueKind == JsonValueKind.String ? f.GetString() : null, out format))
                throw new WatchRequestException($"'format' must be jsonl or ecs, not {f.GetRawText()}");
            var queue = DefaultQueue;
            if (root.TryGetProperty("queue", out var q) && (!q.TryGetInt32(out queue) || queue is < MinQueue or > MaxQueue))
                throw new WatchRequestException($"'queue' must be a whole number from {MinQueue} to {MaxQueue}, not {q.GetRawText()}");
            return new WatchRequest { Version = v, Types = types, Include = Texts(root, "include"), Exclude = Texts(root, "exclude"), Format = format, Queue = queue };
        }
    }

    private static List<string> Texts(JsonElement root, string key)
    {
        if (!root.TryGetProperty(key, out var value)) return [];
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
            throw new WatchRequestException($"'{key}' must be an array of strings");
        return value.EnumerateArray().Select(v => v.GetString()!).ToList();
    }

    private static void WriteList(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values) json.WriteStringValue(value);
        json.WriteEndArray();
    }
}

/// <summary>A watch request the host refuses; the message says which part and why.</summary>
public sealed class WatchRequestException(string message) : Exception(message);

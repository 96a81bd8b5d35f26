using System.Text.Json;
using Recorder.Contracts.Events;

namespace Recorder.Plugins.Sinks.Sqlite.Storage;

/// <summary>
/// The event header fields that rarely vary (collector, outcome, result code, tags) stored as one interned JSON
/// object, <c>{"c":collector,"o":outcome,"r":result,"t":tags-json}</c>, referenced by the <c>hdr</c> column: one
/// column of 1–2 bytes per row instead of four. A partition holds a handful of distinct headers.
/// </summary>
internal sealed class EventHeader
{
    public const string Column = "hdr";

    // Headers without tags (nearly all events) are found without building any text.
    private readonly Dictionary<(string Collector, EventOutcome Outcome, long? Result), long> _idOfPlain = new();

    /// <summary>The string id of the event's header in the partition of <paramref name="strings"/>.</summary>
    public long IdFor(RecorderEvent e, StringInterner strings)
    {
        if (e.HasTags) return strings.Intern(Json(e.Collector, e.Outcome, e.ResultCode, TagsJson(e.Tags)));
        var key = (e.Collector, e.Outcome, e.ResultCode);
        if (_idOfPlain.TryGetValue(key, out var id)) return id;
        id = strings.Intern(Json(e.Collector, e.Outcome, e.ResultCode, null));
        _idOfPlain[key] = id;
        return id;
    }

    /// <summary>Forgets ids after a rolled-back transaction.</summary>
    public void Reset() => _idOfPlain.Clear();

    private static string Json(string collector, EventOutcome outcome, long? result, string? tags)
    {
        var header = new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["c"] = collector.Length == 0 ? null : collector,
            ["o"] = (long)outcome,
            ["r"] = result,
        };
        if (tags is not null) header["t"] = tags;
        return JsonSerializer.Serialize(header, StoreJson.Options);
    }

    private static string TagsJson(IDictionary<string, string> tags)
    {
        // Sorted so equal tag sets intern to one string.
        var sorted = new SortedDictionary<string, string>(tags, StringComparer.Ordinal);
        return JsonSerializer.Serialize(sorted, StoreJson.Options);
    }
}

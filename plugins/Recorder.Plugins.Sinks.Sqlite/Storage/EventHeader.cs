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

    // Headers with tags (a rule key on every audit event of a rule) are found by comparing the event's tags with
    // the tag sets already seen under the same plain header, without building any text either. A partition has
    // a handful; the cap only bounds memory if some source puts a unique tag on every event.
    private readonly Dictionary<(string Collector, EventOutcome Outcome, long? Result), List<TaggedHeader>> _tagged = new();
    private int _taggedCount;
    private const int MaxTaggedHeaders = 1024;

    /// <summary>The string id of the event's header in the partition of <paramref name="strings"/>.</summary>
    public long IdFor(RecorderEvent e, StringInterner strings)
    {
        var key = (e.Collector, e.Outcome, e.ResultCode);
        long id;
        if (e.HasTags)
        {
            var tags = e.Tags;
            if (_tagged.TryGetValue(key, out var seen))
            {
                foreach (var header in seen)
                    if (header.Matches(tags)) return header.Id;
            }
            id = strings.Intern(Json(e.Collector, e.Outcome, e.ResultCode, TagsJson(tags)));
            if (_taggedCount >= MaxTaggedHeaders) { _tagged.Clear(); _taggedCount = 0; seen = null; }
            if (seen is null) _tagged[key] = seen = new List<TaggedHeader>();
            seen.Add(new TaggedHeader(tags.ToArray(), id));
            _taggedCount++;
            return id;
        }
        if (_idOfPlain.TryGetValue(key, out id)) return id;
        id = strings.Intern(Json(e.Collector, e.Outcome, e.ResultCode, null));
        _idOfPlain[key] = id;
        return id;
    }

    /// <summary>Forgets ids after a rolled-back transaction.</summary>
    public void Reset()
    {
        _idOfPlain.Clear();
        _tagged.Clear();
        _taggedCount = 0;
    }

    /// <summary>One tag set seen and the id its header got.</summary>
    private sealed record TaggedHeader(KeyValuePair<string, string>[] Tags, long Id)
    {
        public bool Matches(IDictionary<string, string> tags)
        {
            if (tags.Count != Tags.Length) return false;
            foreach (var (name, value) in Tags)
                if (!tags.TryGetValue(name, out var other) || !string.Equals(value, other, StringComparison.Ordinal)) return false;
            return true;
        }
    }

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

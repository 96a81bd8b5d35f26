using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Recorder.Plugins.Sinks.Sqlite.Storage;

/// <summary>Conversions between event values and what is stored.</summary>
internal static class StoredValues
{
    /// <summary>UTC ticks of a timestamp (unspecified kinds are taken as UTC, as the contract requires UTC).</summary>
    public static long Ticks(DateTime time) => time.Kind == DateTimeKind.Local ? time.ToUniversalTime().Ticks : time.Ticks;

    /// <summary>Reads an integer field value; false when the value is not an integer.</summary>
    public static bool TryInt64(object value, out long result)
    {
        switch (value)
        {
            case long l: result = l; return true;
            case int i: result = i; return true;
            case uint u: result = u; return true;
            case short s: result = s; return true;
            case ushort us: result = us; return true;
            case byte b: result = b; return true;
            case sbyte sb: result = sb; return true;
            case ulong ul when ul <= long.MaxValue: result = (long)ul; return true;
            case bool bo: result = bo ? 1 : 0; return true;
            case string text: return long.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out result);
            default: result = 0; return false;
        }
    }

    /// <summary>A list of texts as stored: a JSON array, which keeps every element exactly (order, spaces, quotes, newlines).</summary>
    public static string JsonArray(IEnumerable<string?> values) => StoredJsonArray.Of(values);

    /// <summary>A list stored by <see cref="JsonArray"/>, read back; null when the text is not a JSON array of texts.</summary>
    public static string[]? ParseJsonArray(string? json)
    {
        if (json is null) return null;
        try { return JsonSerializer.Deserialize<string[]>(json, StoreJson.Options); }
        catch (JsonException) { return null; }
    }

    /// <summary>A JSON object of texts (stored tags), read back; null when the text is not one.</summary>
    public static IReadOnlyDictionary<string, string>? ParseJsonObject(string? json)
    {
        if (json is null) return null;
        try { return JsonSerializer.Deserialize<SortedDictionary<string, string>>(json, StoreJson.Options); }
        catch (JsonException) { return null; }
    }

    /// <summary>The text of a string or address field.</summary>
    public static string Text(object value) => value switch
    {
        string s => s,
        IPAddress a => a.ToString(),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

/// <summary>JSON settings for texts the store writes itself (ancestry arrays, tags).</summary>
internal static class StoreJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

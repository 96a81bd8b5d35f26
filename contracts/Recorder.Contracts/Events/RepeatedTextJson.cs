using System.Text.Encodings.Web;
using System.Text.Json;

namespace Recorder.Contracts.Events;

/// <summary>
/// Writes JSON string values whose long texts recur: a process's ancestors' command lines are the same strings for
/// every process they start (on CI runners and in containers, kilobytes of quoted JSON each), and escaping them
/// again for every event was a fifth of a sink's time at a few hundred process starts a second. The escaped form of
/// a text of <see cref="MinimumLength"/> characters or more is remembered by reference, per thread (each sink writes
/// on its own thread), and copied when the same string comes again. The output is what
/// <see cref="Utf8JsonWriter.WriteStringValue(string)"/> writes: the cache is used only by a writer whose encoder is
/// <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/>, the one it escapes with.
/// </summary>
public static class RepeatedTextJson
{
    /// <summary>Shorter texts are escaped as they are written: a lookup would cost about as much.</summary>
    public const int MinimumLength = 128;

    // What one thread keeps at most, in characters (about 6 bytes each with the escaped copy): then it starts over.
    private const int MaximumCachedCharacters = 256 * 1024;

    [ThreadStatic] private static Dictionary<string, JsonEncodedText>? t_escaped;
    [ThreadStatic] private static int t_cachedCharacters;

    /// <summary>Writes <paramref name="value"/> as a JSON string value (in an array, or after a property name); null as null.</summary>
    public static void WriteStringValue(Utf8JsonWriter json, string? value)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (value is not null && TryEscaped(json, value, out var escaped)) json.WriteStringValue(escaped);
        else json.WriteStringValue(value);
    }

    /// <summary>Writes the property <paramref name="name"/> with <paramref name="value"/> as its string value; null as null.</summary>
    public static void WriteString(Utf8JsonWriter json, JsonEncodedText name, string? value)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (value is not null && TryEscaped(json, value, out var escaped)) json.WriteString(name, escaped);
        else json.WriteString(name, value);
    }

    private static bool TryEscaped(Utf8JsonWriter json, string value, out JsonEncodedText escaped)
    {
        escaped = default;
        if (value.Length < MinimumLength || !ReferenceEquals(json.Options.Encoder, JavaScriptEncoder.UnsafeRelaxedJsonEscaping))
            return false;
        var cache = t_escaped ??= new Dictionary<string, JsonEncodedText>(ReferenceEqualityComparer.Instance);
        if (cache.TryGetValue(value, out escaped)) return true;
        try
        {
            escaped = JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        }
        catch (ArgumentException)
        {
            return false; // invalid UTF-16: the writer reports it as it would have
        }
        if (t_cachedCharacters + value.Length > MaximumCachedCharacters)
        {
            cache.Clear();
            t_cachedCharacters = 0;
        }
        cache[value] = escaped;
        t_cachedCharacters += value.Length;
        return true;
    }
}

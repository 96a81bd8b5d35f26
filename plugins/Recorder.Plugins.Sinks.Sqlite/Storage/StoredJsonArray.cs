using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Recorder.Contracts.Events;

namespace Recorder.Plugins.Sinks.Sqlite.Storage;

/// <summary>
/// Writes the JSON arrays a row stores (arguments, the ancestors' paths, command lines, users, GUIDs and PIDs) with
/// one reused writer per thread instead of the serializer, and long recurring texts escaped once
/// (<see cref="RepeatedTextJson"/>): serialising the ancestors of every process row was most of the SQLite sink's
/// time at 200 process starts a second. The text is what <c>JsonSerializer.Serialize</c> with
/// <see cref="StoreJson.Options"/> writes (a test checks), so stored arrays read back as before.
/// </summary>
internal static class StoredJsonArray
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    /// <summary>A JSON array of texts; null elements as null.</summary>
    public static string Of(IEnumerable<string?> values)
    {
        var json = Begin();
        json.WriteStartArray();
        foreach (var value in values) RepeatedTextJson.WriteStringValue(json, value);
        json.WriteEndArray();
        return End(json);
    }

    /// <summary>A JSON array of one text of each item (null as null).</summary>
    public static string Of<T>(IReadOnlyList<T> items, Func<T, string?> select)
    {
        var json = Begin();
        json.WriteStartArray();
        for (var i = 0; i < items.Count; i++) RepeatedTextJson.WriteStringValue(json, select(items[i]));
        json.WriteEndArray();
        return End(json);
    }

    /// <summary>A JSON array of one number of each item.</summary>
    public static string OfNumbers<T>(IReadOnlyList<T> items, Func<T, long> select)
    {
        var json = Begin();
        json.WriteStartArray();
        for (var i = 0; i < items.Count; i++) json.WriteNumberValue(select(items[i]));
        json.WriteEndArray();
        return End(json);
    }

    private static Utf8JsonWriter Begin()
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        if (t_writer is { } writer) writer.Reset(buffer);
        else t_writer = writer = new Utf8JsonWriter(buffer, Options);
        return writer;
    }

    private static string End(Utf8JsonWriter json)
    {
        json.Flush();
        return Encoding.UTF8.GetString(t_buffer!.WrittenSpan);
    }
}

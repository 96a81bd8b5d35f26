using System.Text.Json;

namespace Recorder.Plugins.Sinks.Kafka;

/// <summary>One spool line read back: where the message goes and its bytes (slices of the line).</summary>
public readonly ref struct SpoolLine
{
    /// <summary>The topic.</summary>
    public string Topic { get; init; }
    /// <summary>The message key (UTF-8).</summary>
    public ReadOnlySpan<byte> Key { get; init; }
    /// <summary>The event's time, Unix milliseconds.</summary>
    public long TimeMs { get; init; }
    /// <summary>For a loss marker, how many events it stands for; else 0.</summary>
    public long Lost { get; init; }
    /// <summary>The message value (UTF-8 JSON).</summary>
    public ReadOnlySpan<byte> Value { get; init; }

    /// <summary>Reads a line written by <see cref="SpoolLineWriter"/> (without its newline); false when it is not one.</summary>
    public static bool TryParse(ReadOnlySpan<byte> line, Func<ReadOnlySpan<byte>, string> topics, out SpoolLine result)
    {
        result = default;
        var reader = new Utf8JsonReader(line);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            string? topic = null;
            ReadOnlySpan<byte> key = default, value = default;
            long time = 0, lost = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals(SpoolLineWriter.TopicName.EncodedUtf8Bytes))
                {
                    reader.Read();
                    topic = reader.ValueIsEscaped ? reader.GetString() : topics(reader.ValueSpan);
                }
                else if (reader.ValueTextEquals(SpoolLineWriter.KeyName.EncodedUtf8Bytes))
                {
                    reader.Read();
                    // Keys are host ids and GUIDs: no escapes in practice; unescape when there are.
                    key = reader.ValueIsEscaped ? System.Text.Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;
                }
                else if (reader.ValueTextEquals(SpoolLineWriter.TimeName.EncodedUtf8Bytes))
                {
                    reader.Read();
                    time = reader.GetInt64();
                }
                else if (reader.ValueTextEquals(SpoolLineWriter.LostName.EncodedUtf8Bytes))
                {
                    reader.Read();
                    lost = reader.GetInt64();
                }
                else if (reader.ValueTextEquals(SpoolLineWriter.ValueName.EncodedUtf8Bytes))
                {
                    reader.Read();
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    value = line[start..(int)reader.BytesConsumed];
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            if (topic is null || value.IsEmpty) return false;
            result = new SpoolLine { Topic = topic, Key = key, TimeMs = time, Lost = lost, Value = value };
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The time of a line and the count it carries if it is a loss marker (for the marker of a dropped file).</summary>
    public static (DateTime? Time, long Lost) Summary(ReadOnlySpan<byte> line) =>
        TryParse(line, static t => System.Text.Encoding.UTF8.GetString(t), out var parsed)
            ? (DateTimeOffset.FromUnixTimeMilliseconds(parsed.TimeMs).UtcDateTime, parsed.Lost) : (null, 0);
}

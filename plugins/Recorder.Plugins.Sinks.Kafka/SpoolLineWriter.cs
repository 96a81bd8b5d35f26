using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Recorder.Contracts.Ecs;
using Recorder.Contracts.Events;

namespace Recorder.Plugins.Sinks.Kafka;

/// <summary>
/// Turns events into spool lines, one JSON object per line holding the finished Kafka message:
/// <c>{"topic":"…","key":"&lt;host&gt;/&lt;process guid&gt;","time":&lt;unix ms&gt;,"value":{…}}</c> (loss markers also
/// <c>"lost":&lt;count&gt;</c>). The message is
/// made once, when the event is spooled, so the sender only copies bytes.
/// </summary>
public sealed class SpoolLineWriter
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };
    internal static readonly JsonEncodedText TopicName = JsonEncodedText.Encode("topic");
    internal static readonly JsonEncodedText KeyName = JsonEncodedText.Encode("key");
    internal static readonly JsonEncodedText TimeName = JsonEncodedText.Encode("time");
    internal static readonly JsonEncodedText ValueName = JsonEncodedText.Encode("value");
    internal static readonly JsonEncodedText LostName = JsonEncodedText.Encode("lost");

    private readonly KafkaSettings _settings;
    private readonly IEventValueWriter _value;
    private readonly ArrayBufferWriter<byte> _buffer = new(256 * 1024);
    private readonly Utf8JsonWriter _json;
    private readonly char[] _key;

    /// <summary>A writer for the sink's topic, key and format settings.</summary>
    public SpoolLineWriter(KafkaSettings settings)
    {
        _settings = settings;
        _value = EventValueWriters.For(settings.Format);
        _json = new Utf8JsonWriter(_buffer, Options);
        _key = new char[settings.HostId.Length + 1 + 36];
        settings.HostId.CopyTo(_key);
        _key[settings.HostId.Length] = '/';
    }

    /// <summary>The lines written since the last <see cref="Clear"/>.</summary>
    public ReadOnlyMemory<byte> Written => _buffer.WrittenMemory;

    /// <summary>Forgets what was written (keeps the buffer).</summary>
    public void Clear() => _buffer.ResetWrittenCount();

    /// <summary>Appends the line of one event.</summary>
    public void Write(RecorderEvent e)
    {
        _json.Reset(_buffer);
        _json.WriteStartObject();
        _json.WriteString(TopicName, _settings.Topic.For(e.Type));
        _json.WriteString(KeyName, Key(e));
        var time = e.Time.Kind == DateTimeKind.Local ? e.Time.ToUniversalTime() : DateTime.SpecifyKind(e.Time, DateTimeKind.Utc);
        _json.WriteNumber(TimeName, new DateTimeOffset(time).ToUnixTimeMilliseconds());
        // A loss marker dropped in its turn passes its count on to the next marker.
        if (ReferenceEquals(e.Schema, EventSchemas.RecorderLoss) && e.Get(EventSchemas.RecorderLoss.Count) is long lost)
            _json.WriteNumber(LostName, lost);
        _json.WritePropertyName(ValueName);
        _value.Write(_json, e);
        _json.WriteEndObject();
        _json.Flush();
        _buffer.GetSpan(1)[0] = (byte)'\n';
        _buffer.Advance(1);
    }

    // One process's events share a key, so Kafka keeps them in one partition, in order. A replayed log keeps the
    // host it was recorded on.
    private ReadOnlySpan<char> Key(RecorderEvent e)
    {
        if (e.Replay is { } replay) return $"{replay.HostName ?? replay.LogId}/{e.Process.ProcessGuid:D}";
        e.Process.ProcessGuid.TryFormat(_key.AsSpan(_settings.HostId.Length + 1), out _, "D");
        return _key;
    }
}

/// <summary>Writes an event as a message value (one JSON value, no newline).</summary>
public interface IEventValueWriter
{
    /// <summary>Writes <paramref name="e"/> as the next value of <paramref name="json"/>.</summary>
    void Write(Utf8JsonWriter json, RecorderEvent e);
}

/// <summary>The value writer of each <see cref="MessageFormat"/>.</summary>
public static class EventValueWriters
{
    /// <summary>A new writer for <paramref name="format"/> (writers keep buffers: one per thread).</summary>
    public static IEventValueWriter For(MessageFormat format) => format switch
    {
        MessageFormat.Recorder => new RecorderLineValueWriter(),
        _ => new EcsValueWriter(),
    };
}

/// <summary>
/// The event's ECS document (<see cref="EcsDocument"/>, shared with the journal and the query commands). Live events
/// carry this machine as <c>host.*</c>; a replayed log's events happened elsewhere and leave it out.
/// </summary>
internal sealed class EcsValueWriter : IEventValueWriter
{
    public void Write(Utf8JsonWriter json, RecorderEvent e) => EcsDocument.Write(json, e, e.Replay is null ? EcsHostInfo.Current : null);
}

/// <summary>Recorder's own flat JSON line (<see cref="EventJsonLine"/>, as the journal writes it), as the value.</summary>
internal sealed class RecorderLineValueWriter : IEventValueWriter
{
    public void Write(Utf8JsonWriter json, RecorderEvent e) => EventJsonLine.Write(json, e);
}

using System.Buffers;
using System.Text.Json;
using Recorder.Contracts.Events;

namespace Recorder.Contracts.Ecs;

/// <summary>
/// Writes a <see cref="RecorderEvent"/> as one Elastic Common Schema document (<see cref="EcsMapping.EcsVersion"/>),
/// nested as Elasticsearch and Auditbeat write it: <c>@timestamp</c>, <c>event.*</c> (kind, category, type from
/// <see cref="EcsMapping.Categorizations"/>; action is Recorder's type), <c>process.*</c>, <c>user.*</c> (the audit
/// login user as <c>user.audit.*</c>, like Auditbeat), <c>file.*</c>, <c>source.*</c>/<c>destination.*</c>,
/// <c>host.*</c>, <c>labels</c> (the event's tags) and Recorder's own fields under <c>recorder.*</c>.
/// The journal, the query commands and streaming sinks all write through here, so they agree.
/// </summary>
public static class EcsDocument
{
    /// <summary>
    /// Writes the document of <paramref name="recorderEvent"/> as one JSON object. <paramref name="host"/> fills
    /// <c>host.*</c> for live events (usually <see cref="EcsHostInfo.Current"/>); null leaves it out.
    /// </summary>
    public static void Write(Utf8JsonWriter writer, RecorderEvent recorderEvent, EcsHostInfo? host = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(recorderEvent);
        EcsDocumentPlan.For(recorderEvent.Schema).Write(writer, recorderEvent, host);
    }

    /// <summary>The document of <paramref name="recorderEvent"/> as compact UTF-8 JSON.</summary>
    public static byte[] ToUtf8(RecorderEvent recorderEvent, EcsHostInfo? host = null)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions)) Write(writer, recorderEvent, host);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writer options that keep non-ASCII text readable (paths, user names) while escaping what JSON needs.</summary>
    public static JsonWriterOptions WriterOptions { get; } = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

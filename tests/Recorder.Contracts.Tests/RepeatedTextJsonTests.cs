using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Recorder.Contracts.Events;

namespace Recorder.Contracts.Tests;

/// <summary>
/// Journal lines and ECS documents write long recurring texts (ancestors' command lines) from a cache of their escaped
/// form: the bytes must be exactly what the JSON writer itself writes, the first time and every time after.
/// </summary>
public sealed class RepeatedTextJsonTests
{
    private static readonly string Long = "line_io_tools/binary_backend --env \"{\\\"PATH\\\": \\\"/usr/bin\\\"}\" <&> +'x' ünï 🎉\n\t\u0001 "
        + new string('a', RepeatedTextJson.MinimumLength);

    private static string Written(JavaScriptEncoder encoder, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = encoder }))
        {
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Writes_what_the_writer_writes_the_first_time_and_again(bool relaxed)
    {
        var encoder = relaxed ? JavaScriptEncoder.UnsafeRelaxedJsonEscaping : JavaScriptEncoder.Default;
        var name = JsonEncodedText.Encode("process.cmd", encoder);
        var texts = new[] { Long, "short \"one\"", null, Long };
        var expected = Written(encoder, json =>
        {
            foreach (var text in texts) json.WriteString(name, text);
            json.WriteStartArray("list");
            foreach (var text in texts) json.WriteStringValue(text);
            json.WriteEndArray();
        });
        for (var pass = 0; pass < 2; pass++)
        {
            var actual = Written(encoder, json =>
            {
                foreach (var text in texts) RepeatedTextJson.WriteString(json, name, text);
                json.WriteStartArray("list");
                foreach (var text in texts) RepeatedTextJson.WriteStringValue(json, text);
                json.WriteEndArray();
            });
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Each_string_is_written_as_its_own_text_whatever_was_cached_before()
    {
        // A copy of a cached text (another identity) and a longer text with the same start come after the cached one.
        var name = JsonEncodedText.Encode("a");
        string Read(string value) => JsonDocument.Parse(Written(JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            json => RepeatedTextJson.WriteString(json, name, value))).RootElement.GetProperty("a").GetString()!;
        var copy = new string(Long.AsSpan());
        var longer = Long + "!";
        Assert.Equal(Long, Read(Long));
        Assert.Equal(Long, Read(copy));
        Assert.Equal(longer, Read(longer));
        Assert.Equal(Long, Read(Long));
    }
}

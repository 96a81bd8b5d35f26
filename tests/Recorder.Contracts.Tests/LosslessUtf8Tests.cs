using System.Text;
using Recorder.Contracts.Events;

namespace Recorder.Contracts.Tests;

public sealed class LosslessUtf8Tests
{
    [Theory]
    [InlineData("plain ascii")]
    [InlineData("ünïcødé ✓ 🎉")]
    [InlineData("")]
    public void Valid_utf8_decodes_as_usual(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Assert.Equal(text, LosslessUtf8.Decode(bytes));
        Assert.Equal(bytes, LosslessUtf8.Encode(text));
    }

    [Fact]
    public void Invalid_bytes_become_private_use_characters_and_encode_back()
    {
        byte[] bytes = [(byte)'a', 0xff, (byte)'b', 0xc3]; // a lone 0xff, and a truncated two-byte sequence at the end
        var text = LosslessUtf8.Decode(bytes);
        Assert.Equal("a\uEFFFb\uEFC3", text);
        Assert.Equal(bytes, LosslessUtf8.Encode(text));
    }

    [Fact]
    public void Any_byte_string_round_trips_including_real_escape_range_characters()
    {
        var random = new Random(7);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = new byte[random.Next(0, 24)];
            random.NextBytes(bytes);
            if (i % 3 == 0 && bytes.Length >= 3) { bytes[0] = 0xEE; bytes[1] = 0xBE; bytes[2] = 0x80; } // U+EF80 itself
            Assert.Equal(bytes, LosslessUtf8.Encode(LosslessUtf8.Decode(bytes)));
        }
    }
}

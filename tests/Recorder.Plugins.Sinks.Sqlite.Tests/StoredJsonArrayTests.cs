using System.Text.Json;
using Recorder.Plugins.Sinks.Sqlite.Storage;

namespace Recorder.Plugins.Sinks.Sqlite.Tests;

/// <summary>
/// The arrays a process row stores are written by hand (a reused writer, long texts escaped once): they must be the
/// text the serializer wrote before, or stores written by earlier versions and queries that read them disagree.
/// </summary>
public sealed class StoredJsonArrayTests
{
    // Quotes, a newline, a control character, non-ASCII, an emoji, HTML-sensitive characters, a byte that is not UTF-8
    // (as LosslessUtf8 keeps it), and a long command line full of quotes (escaped once, then copied).
    private static readonly string LongQuoted = "binary_backend --env \"{\\\"HOME\\\": \\\"/root\\\", " + string.Concat(Enumerable.Repeat("\\\"K\\\": \\\"<v&'+>\\\", ", 40)) + "}\"";
    private static readonly string?[] Texts =
        ["/bin/echo", "q\"uote 'single'", "new\nline\ttab\u0001", "", "ünïcødé ✓ 🎉", "<a href='x'>&amp;</a> +1", LosslessUtf8.Decode([0xff, (byte)'x']), "back\\slash", null, LongQuoted];

    [Fact]
    public void Texts_are_written_as_the_serializer_writes_them_also_when_a_long_text_comes_again()
    {
        var expected = JsonSerializer.Serialize(Texts, StoreJson.Options);
        Assert.Equal(expected, StoredJsonArray.Of(Texts));
        Assert.Equal(expected, StoredJsonArray.Of(Texts)); // the long text from the cache now
        Assert.Equal(Texts, JsonSerializer.Deserialize<string?[]>(StoredJsonArray.Of(Texts), StoreJson.Options));
    }

    [Fact]
    public void Ancestors_texts_and_pids_are_written_as_the_serializer_writes_them()
    {
        var ancestors = new[]
        {
            new ProcessAncestor(Guid.NewGuid(), 4242, "/usr/bin/bash", "bash -c 'echo \"hi\"'", "root"),
            new ProcessAncestor(Guid.Empty, 1, null, LongQuoted, null),
        };
        Assert.Equal(JsonSerializer.Serialize(ancestors.Select(a => a.CommandLine).ToArray(), StoreJson.Options),
            StoredJsonArray.Of(ancestors, a => a.CommandLine));
        Assert.Equal(JsonSerializer.Serialize(ancestors.Select(a => a.Executable).ToArray(), StoreJson.Options),
            StoredJsonArray.Of(ancestors, a => a.Executable));
        Assert.Equal(JsonSerializer.Serialize(ancestors.Select(a => a.Pid).ToArray(), StoreJson.Options),
            StoredJsonArray.OfNumbers(ancestors, a => a.Pid));
        Assert.Equal("[]", StoredJsonArray.Of(Array.Empty<ProcessAncestor>(), a => a.UserName));
    }
}

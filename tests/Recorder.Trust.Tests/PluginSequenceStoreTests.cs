using Recorder.Trust.Tests.Support;

namespace Recorder.Trust.Tests;

/// <summary>The accepted-sequence file: persisted atomically, never lowered, never silently forgotten.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PluginSequenceStoreTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private static readonly string HashA = new('a', 64), HashB = new('b', 64);

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Accepted_sequences_survive_a_restart()
    {
        var path = _temp.Combine("data", PluginSequenceStore.DefaultFileName);
        PluginSequenceStore.Open(path).Accept("acme.sinks.archive", 7, HashA);

        var reopened = PluginSequenceStore.Open(path);

        Assert.Equal(new AcceptedRelease(7, HashA), reopened.Get("acme.sinks.archive"));
        Assert.Equal(PluginRefusalReason.Rollback, reopened.Check("acme.sinks.archive", 6, HashB, out _));
        Assert.Equal(PluginRefusalReason.SequenceReused, reopened.Check("acme.sinks.archive", 7, HashB, out _));
        Assert.Null(reopened.Check("acme.sinks.archive", 7, HashA, out _));
        Assert.Null(reopened.Check("acme.sinks.archive", 8, HashB, out _));
        Assert.Null(reopened.Check("acme.other", 1, HashB, out _));
        Assert.Equal((UnixFileMode)0x180, File.GetUnixFileMode(path));
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void A_recorded_sequence_is_never_lowered()
    {
        var store = PluginSequenceStore.Open(_temp.Combine("seq.json"));
        store.Accept("acme.sinks.archive", 9, HashA);
        store.Accept("acme.sinks.archive", 3, HashB);
        Assert.Equal(9UL, PluginSequenceStore.Open(_temp.Combine("seq.json")).Get("acme.sinks.archive")!.Sequence);
    }

    [Fact]
    public void A_damaged_file_is_an_error_naming_it_not_an_empty_store()
    {
        var path = _temp.Combine("seq.json");
        File.WriteAllText(path, "{ \"plugins\": { \"acme.sinks.archive\": { \"sequence\": \"seven\" } } }");
        var error = Assert.Throws<InvalidDataException>(() => PluginSequenceStore.Open(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("acme.sinks.archive.sequence", error.Message);
    }
}

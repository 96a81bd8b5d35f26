using Recorder.Tests.Shared;

namespace Recorder.Trust.Tests.Fuzz;

/// <summary>A plugin folder's manifest is read before its signature is trusted: mutated manifests must be refused, never crash the reader.</summary>
public sealed class ManifestFuzzTests
{
    [Fact]
    public void Mutated_manifests_are_read_or_refused_with_a_format_error_never_crash()
    {
        var runs = MutationFuzzer.Run("manifests", input => PluginManifestReader.Parse(input), ex => ex is ManifestFormatException);
        Assert.True(runs > 10);
    }
}

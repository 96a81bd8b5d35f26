using Recorder.Trust.Tests.Support;

namespace Recorder.Trust.Tests;

/// <summary>Verified plugins are copied to a host-owned staging folder, re-hashed there, and loaded only from there.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PluginStagingTests : IDisposable
{
    private readonly TrustFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void Staging_copies_every_listed_file_into_a_private_versioned_folder()
    {
        var folder = _fixture.CreateSigned(PluginFolderBuilder.Draft(sequence: 42));

        var staged = _fixture.Verifier.VerifyAndStage(folder, _fixture.StagingRoot);

        Assert.StartsWith(Path.Combine(_fixture.StagingRoot, "acme.sinks.archive", "1.2.0-42-"), staged.Directory);
        Assert.Equal(Path.Combine(staged.Directory, PluginFolderBuilder.EntryAssembly), staged.EntryAssemblyPath);
        Assert.StartsWith(staged.ManifestSha256[..12], Path.GetFileName(staged.Directory).Split('-')[2]);
        foreach (var file in staged.Manifest.Files)
            Assert.Equal(File.ReadAllBytes(Path.Combine(folder, file.Path)), File.ReadAllBytes(Path.Combine(staged.Directory, file.Path)));
        Assert.Equal(File.ReadAllBytes(Path.Combine(folder, "manifest.json")), File.ReadAllBytes(Path.Combine(staged.Directory, "manifest.json")));

        Assert.Equal((UnixFileMode)0x1C0, File.GetUnixFileMode(staged.Directory)); // 0700
        Assert.Equal((UnixFileMode)0x1C0, File.GetUnixFileMode(Path.Combine(staged.Directory, "runtimes", "linux-x64")));
        Assert.Equal((UnixFileMode)0x180, File.GetUnixFileMode(staged.EntryAssemblyPath)); // 0600
        Assert.Empty(Directory.GetDirectories(Path.Combine(_fixture.StagingRoot, "acme.sinks.archive"), ".*"));

        Assert.Equal(new AcceptedRelease(42, staged.ManifestSha256), _fixture.Sequences.Get("acme.sinks.archive"));
    }

    [Fact]
    public void Changing_the_deployed_folder_after_staging_does_not_change_what_is_loaded()
    {
        var folder = _fixture.CreateSigned();
        var staged = _fixture.Verifier.VerifyAndStage(folder, _fixture.StagingRoot);
        var original = File.ReadAllBytes(staged.EntryAssemblyPath);

        File.WriteAllText(Path.Combine(folder, PluginFolderBuilder.EntryAssembly), "swapped after verification");

        Assert.Equal(original, File.ReadAllBytes(staged.EntryAssemblyPath));
        Assert.True(_fixture.Verifier.VerifyStaged(staged).Accepted);
        Assert.Equal(PluginRefusalReason.FileMismatch, _fixture.Verifier.Verify(folder).Reason);
    }

    [Fact]
    public void Tampering_with_the_staged_copy_is_detected_on_re_hash()
    {
        var staged = _fixture.Verifier.VerifyAndStage(_fixture.CreateSigned(), _fixture.StagingRoot);
        var bytes = File.ReadAllBytes(staged.EntryAssemblyPath);
        bytes[10] ^= 0xFF;
        File.WriteAllBytes(staged.EntryAssemblyPath, bytes);

        var recheck = _fixture.Verifier.VerifyStaged(staged);

        Assert.False(recheck.Accepted);
        Assert.Equal(PluginRefusalReason.FileMismatch, recheck.Reason);
        Assert.Contains(PluginFolderBuilder.EntryAssembly, recheck.Message);
    }

    [Fact]
    public void A_file_planted_in_the_staged_copy_is_detected()
    {
        var staged = _fixture.Verifier.VerifyAndStage(_fixture.CreateSigned(), _fixture.StagingRoot);
        File.WriteAllText(Path.Combine(staged.Directory, "Planted.dll"), "MZ");
        Assert.Equal(PluginRefusalReason.UnlistedFile, _fixture.Verifier.VerifyStaged(staged).Reason);
    }

    [Fact]
    public void Staging_the_same_release_again_replaces_a_tampered_copy()
    {
        var folder = _fixture.CreateSigned();
        var first = _fixture.Verifier.VerifyAndStage(folder, _fixture.StagingRoot);
        File.WriteAllText(first.EntryAssemblyPath, "tampered");

        var second = _fixture.Verifier.VerifyAndStage(folder, _fixture.StagingRoot);

        Assert.Equal(first.Directory, second.Directory);
        Assert.True(_fixture.Verifier.VerifyStaged(second).Accepted);
        Assert.Equal(File.ReadAllBytes(Path.Combine(folder, PluginFolderBuilder.EntryAssembly)), File.ReadAllBytes(second.EntryAssemblyPath));
    }

    [Fact]
    public void A_newer_release_is_staged_beside_the_running_one()
    {
        var v1 = _fixture.Verifier.VerifyAndStage(_fixture.CreateSigned(PluginFolderBuilder.Draft(sequence: 1), name: "v1"), _fixture.StagingRoot);
        var v2 = _fixture.Verifier.VerifyAndStage(_fixture.CreateSigned(PluginFolderBuilder.Draft(sequence: 2, version: "1.3.0"), name: "v2"), _fixture.StagingRoot);

        Assert.NotEqual(v1.Directory, v2.Directory);
        Assert.True(File.Exists(v1.EntryAssemblyPath)); // the old version is still loaded until the host swaps
        Assert.Equal(2UL, _fixture.Sequences.Get("acme.sinks.archive")!.Sequence);
    }

    [Fact]
    public void A_refused_plugin_is_neither_staged_nor_recorded()
    {
        var folder = _fixture.CreateSigned();
        File.WriteAllText(Path.Combine(folder, "Evil.dll"), "MZ");

        var refusal = Assert.Throws<PluginRefusedException>(() => _fixture.Verifier.VerifyAndStage(folder, _fixture.StagingRoot));

        Assert.Equal(PluginRefusalReason.UnlistedFile, refusal.Reason);
        Assert.Equal(Path.GetFullPath(folder), Path.GetFullPath(refusal.PluginDirectory));
        Assert.Contains("unlisted-file", refusal.Message);
        Assert.False(Directory.Exists(Path.Combine(_fixture.StagingRoot, "acme.sinks.archive")));
        Assert.Null(_fixture.Sequences.Get("acme.sinks.archive"));
    }

    [Fact]
    public void Content_differing_from_the_manifest_is_refused_while_copying_and_nothing_is_staged()
    {
        // VerifyAndStage checks content on the bytes it copies; same size, one byte changed.
        var folder = _fixture.CreateSigned();
        var dependency = Path.Combine(folder, "Acme.Compression.dll");
        var bytes = File.ReadAllBytes(dependency);
        bytes[0] ^= 0x20;
        File.WriteAllBytes(dependency, bytes);

        var refusal = Assert.Throws<PluginRefusedException>(() => _fixture.Verifier.VerifyAndStage(folder, _fixture.StagingRoot));

        Assert.Equal(PluginRefusalReason.FileMismatch, refusal.Reason);
        Assert.Contains("Acme.Compression.dll", refusal.Message);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(_fixture.StagingRoot, "acme.sinks.archive")));
        Assert.Null(_fixture.Sequences.Get("acme.sinks.archive"));
    }
}

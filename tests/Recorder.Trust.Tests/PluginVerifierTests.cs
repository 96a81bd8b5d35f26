using System.Text;
using Recorder.Trust.Tests.Support;

namespace Recorder.Trust.Tests;

/// <summary>Every refusal, each with a real signature over real files on disk.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PluginVerifierTests : IDisposable
{
    private readonly TrustFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void A_correctly_signed_folder_is_accepted_without_side_effects()
    {
        var folder = _fixture.CreateSigned();

        var verification = _fixture.Verifier.Verify(folder);

        Assert.True(verification.Accepted, verification.ToString());
        Assert.Equal("acme.sinks.archive", verification.Manifest!.Id);
        Assert.Equal(4, verification.Manifest.Files.Count); // entry, deps.json, dependency, native library; not the manifest itself
        Assert.DoesNotContain(verification.Manifest.Files, f => f.Path.StartsWith("manifest.", StringComparison.Ordinal));
        Assert.Null(_fixture.Sequences.Get("acme.sinks.archive"));
        Assert.False(Directory.Exists(_fixture.StagingRoot));
    }

    [Fact]
    public void Missing_folder_is_refused()
    {
        _fixture.AssertRefused(Path.Combine(_fixture.PluginsRoot, "nothing-here"), PluginRefusalReason.FolderMissing);
    }

    [Fact]
    public void Missing_manifest_is_refused()
    {
        var folder = _fixture.CreateSigned();
        File.Delete(Path.Combine(folder, "manifest.json"));
        _fixture.AssertRefused(folder, PluginRefusalReason.ManifestMissing);
    }

    [Fact]
    public void Broken_json_is_refused_naming_the_line()
    {
        var folder = _fixture.CreateSigned();
        PluginSigner.WriteSigned(folder, Encoding.UTF8.GetBytes("{\n  \"formatVersion\": 1,\n  \"id\": oops\n}"), _fixture.Key.Key);
        var message = _fixture.AssertRefused(folder, PluginRefusalReason.ManifestInvalid);
        Assert.Contains("line 3", message);
    }

    [Fact]
    public void Manifest_without_a_field_is_refused_naming_the_field()
    {
        var folder = _fixture.CreateSigned();
        PluginFolderBuilder.ResignEdited(folder, _fixture.Key, "\"sequence\": 100,", "");
        var message = _fixture.AssertRefused(folder, PluginRefusalReason.ManifestInvalid);
        Assert.Contains("'sequence'", message);
        Assert.Contains("is missing", message);
    }

    [Fact]
    public void Oversized_manifest_is_refused_before_parsing()
    {
        var folder = _fixture.CreateSigned();
        var huge = new byte[ManifestRules.MaxManifestBytes + 1];
        Array.Fill(huge, (byte)' ');
        PluginSigner.WriteSigned(folder, huge, _fixture.Key.Key);
        var message = _fixture.AssertRefused(folder, PluginRefusalReason.ManifestInvalid);
        Assert.Contains("limit", message);
    }

    [Theory]
    [InlineData("../outside.dll")]
    [InlineData("runtimes/../../outside.dll")]
    [InlineData("/etc/passwd")]
    [InlineData("runtimes\\\\linux-x64\\\\native\\\\libacme.so")]
    [InlineData("C:evil.dll")]
    public void Manifest_path_escaping_the_folder_is_refused(string escapingPath)
    {
        var folder = _fixture.CreateSigned();
        PluginFolderBuilder.ResignEdited(folder, _fixture.Key, "\"path\": \"Acme.Compression.dll\"", $"\"path\": \"{escapingPath}\"");
        var message = _fixture.AssertRefused(folder, PluginRefusalReason.PathEscapesFolder);
        Assert.Contains("files[0].path", message);
    }

    [Fact]
    public void Missing_signature_is_refused()
    {
        var folder = _fixture.CreateSigned();
        File.Delete(Path.Combine(folder, "manifest.sig"));
        _fixture.AssertRefused(folder, PluginRefusalReason.SignatureMissing);
    }

    [Fact]
    public void Manifest_edited_after_signing_is_refused()
    {
        var folder = _fixture.CreateSigned();
        var path = Path.Combine(folder, "manifest.json");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"1.2.0\"", "\"1.2.1\""));
        var message = _fixture.AssertRefused(folder, PluginRefusalReason.BadSignature);
        Assert.Contains("manifest.sig", message);
    }

    [Fact]
    public void Signature_by_another_key_claiming_a_trusted_key_id_is_refused()
    {
        var folder = _fixture.CreateSigned();
        using var impostor = SigningKey.Generate(_fixture.Key.KeyId);
        PluginSigner.WriteSigned(folder, File.ReadAllBytes(Path.Combine(folder, "manifest.json")), impostor.Key);
        _fixture.AssertRefused(folder, PluginRefusalReason.BadSignature);
    }

    [Fact]
    public void Garbage_signature_file_is_refused()
    {
        var folder = _fixture.CreateSigned();
        File.WriteAllText(Path.Combine(folder, "manifest.sig"), "this is not base64 !!!\n");
        _fixture.AssertRefused(folder, PluginRefusalReason.BadSignature);
    }

    [Fact]
    public void Signature_without_the_domain_prefix_is_refused()
    {
        // A plain ECDSA signature over the manifest bytes (what a naive signer, or a signature made for something else, gives).
        var folder = _fixture.CreateSigned();
        var manifest = File.ReadAllBytes(Path.Combine(folder, "manifest.json"));
        var plain = _fixture.Key.Key.SignData(manifest, System.Security.Cryptography.HashAlgorithmName.SHA256,
            System.Security.Cryptography.DSASignatureFormat.Rfc3279DerSequence);
        File.WriteAllBytes(Path.Combine(folder, "manifest.sig"), ManifestSignature.EncodeFile(plain));
        _fixture.AssertRefused(folder, PluginRefusalReason.BadSignature);
    }

    [Fact]
    public void Unknown_key_is_refused()
    {
        var folder = _fixture.CreateSigned();
        using var stranger = SigningKey.Generate();
        PluginSigner.Sign(folder, PluginFolderBuilder.Draft(), stranger);
        var message = _fixture.AssertRefused(folder, PluginRefusalReason.UnknownKey);
        Assert.Contains(stranger.KeyId, message);
    }

    [Fact]
    public void Revoked_key_is_refused_even_though_it_is_still_listed()
    {
        using var fixture = new TrustFixture(key => TrustStore.Create([TrustedKey.FromPublicKey(key.KeyId, key.Key)], [key.KeyId]));
        var folder = fixture.CreateSigned();
        fixture.AssertRefused(folder, PluginRefusalReason.RevokedKey);
    }

    [Fact]
    public void Key_outside_its_scope_is_refused()
    {
        using var fixture = new TrustFixture(key => TrustStore.Create([TrustedKey.FromPublicKey(key.KeyId, key.Key, ["acme.collectors.*"])]));
        var accepted = fixture.CreateSigned(PluginFolderBuilder.Draft(id: "acme.collectors.proc"), name: "proc");
        Assert.True(fixture.Verifier.Verify(accepted).Accepted);

        var folder = fixture.CreateSigned();
        var message = fixture.AssertRefused(folder, PluginRefusalReason.KeyNotAllowedForId);
        Assert.Contains("acme.collectors.*", message);
    }

    [Fact]
    public void Unsupported_algorithm_is_refused()
    {
        var folder = _fixture.CreateSigned();
        PluginFolderBuilder.ResignEdited(folder, _fixture.Key, "\"ecdsa-p256-sha256\"", "\"ml-dsa-65\"");
        _fixture.AssertRefused(folder, PluginRefusalReason.UnsupportedAlgorithm);
    }

    [Fact]
    public void Listed_file_missing_is_refused()
    {
        var folder = _fixture.CreateSigned();
        File.Delete(Path.Combine(folder, "runtimes", "linux-x64", "native", "libacme.so"));
        var message = _fixture.AssertRefused(folder, PluginRefusalReason.FileMissing);
        Assert.Contains("runtimes/linux-x64/native/libacme.so", message);
    }

    [Fact]
    public void File_with_same_size_but_other_content_is_refused()
    {
        var folder = _fixture.CreateSigned();
        var path = Path.Combine(folder, PluginFolderBuilder.EntryAssembly);
        var bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 0x01;
        File.WriteAllBytes(path, bytes);
        var message = _fixture.AssertRefused(folder, PluginRefusalReason.FileMismatch);
        Assert.Contains("SHA-256", message);
    }

    [Fact]
    public void File_with_other_size_is_refused()
    {
        var folder = _fixture.CreateSigned();
        File.AppendAllText(Path.Combine(folder, "Acme.Compression.dll"), "!");
        var message = _fixture.AssertRefused(folder, PluginRefusalReason.FileMismatch);
        Assert.Contains("Acme.Compression.dll", message);
    }

    [Theory]
    [InlineData("Evil.dll")]
    [InlineData("runtimes/linux-x64/native/libevil.so")]
    [InlineData("Acme.Sinks.Archive.runtimeconfig.dev.json")]
    public void File_not_in_the_manifest_is_refused(string extra)
    {
        var folder = _fixture.CreateSigned();
        File.WriteAllText(Path.Combine(folder, extra), "planted");
        var message = _fixture.AssertRefused(folder, PluginRefusalReason.UnlistedFile);
        Assert.Contains(extra, message);
    }

    [Fact]
    public void Symlink_to_identical_content_is_refused()
    {
        var folder = _fixture.CreateSigned();
        var target = Path.Combine(_fixture.Temp.Path, "elsewhere.dll");
        var dependency = Path.Combine(folder, "Acme.Compression.dll");
        File.Copy(dependency, target);
        File.Delete(dependency);
        File.CreateSymbolicLink(dependency, target);
        var message = _fixture.AssertRefused(folder, PluginRefusalReason.SymlinkFound);
        Assert.Contains("Acme.Compression.dll", message);
    }

    [Fact]
    public void Symlinked_sub_folder_is_refused()
    {
        var folder = _fixture.CreateSigned();
        var runtimes = Path.Combine(folder, "runtimes");
        var moved = Path.Combine(_fixture.Temp.Path, "runtimes-elsewhere");
        Directory.Move(runtimes, moved);
        Directory.CreateSymbolicLink(runtimes, moved);
        _fixture.AssertRefused(folder, PluginRefusalReason.SymlinkFound);
    }

    [Fact]
    public void Plugin_folder_that_is_a_symlink_is_refused()
    {
        var folder = _fixture.CreateSigned();
        var link = Path.Combine(_fixture.PluginsRoot, "link-to-archive");
        Directory.CreateSymbolicLink(link, folder);
        _fixture.AssertRefused(link, PluginRefusalReason.SymlinkFound);
    }

    [Fact]
    public void Fifo_in_the_folder_is_refused_without_blocking()
    {
        var folder = _fixture.CreateSigned();
        UnixTestCalls.MakeFifo(Path.Combine(folder, "pipe"));
        _fixture.AssertRefused(folder, PluginRefusalReason.SpecialFile);
    }

    [Fact]
    public void Contracts_newer_than_the_host_are_refused()
    {
        var newer = new Version(ContractsInfo.Version.Major + 1, 0, 0);
        var folder = _fixture.CreateSigned(PluginFolderBuilder.Draft() with { ContractsVersion = newer });
        var message = _fixture.AssertRefused(folder, PluginRefusalReason.ContractsTooNew);
        Assert.Contains("contractsVersion", message);

        var same = _fixture.CreateSigned(PluginFolderBuilder.Draft() with { ContractsVersion = ContractsInfo.Version }, name: "same");
        Assert.True(_fixture.Verifier.Verify(same).Accepted);
    }

    [Theory]
    [InlineData("1.0.0", PluginRefusalReason.ContractsIncompatible)] // a 1.x plugin on a 2.x host: the event model changed
    [InlineData("1.9.0", PluginRefusalReason.ContractsIncompatible)]
    [InlineData("2.0.0", null)]                                     // older minor of the same major: only additions since
    [InlineData("2.3.0", null)]
    [InlineData("2.3.1", PluginRefusalReason.ContractsTooNew)]
    [InlineData("2.4.0", PluginRefusalReason.ContractsTooNew)]
    [InlineData("3.0.0", PluginRefusalReason.ContractsTooNew)]
    public void Only_plugins_for_the_hosts_contracts_major_and_no_newer_are_accepted(string pluginContracts, PluginRefusalReason? expected)
    {
        using var fixture = new TrustFixture(options: new PluginVerifierOptions { HostContractsVersion = new Version(2, 3, 0) });
        var folder = fixture.CreateSigned(PluginFolderBuilder.Draft() with { ContractsVersion = Version.Parse(pluginContracts) });

        if (expected is null)
        {
            Assert.True(fixture.Verifier.Verify(folder).Accepted);
            return;
        }
        var message = fixture.AssertRefused(folder, expected.Value);
        Assert.StartsWith("manifest.json: field 'contractsVersion': ", message);
        Assert.Contains($"contracts {pluginContracts}; this host has 2.3.0", message);
        if (expected == PluginRefusalReason.ContractsIncompatible) Assert.Contains("major versions must match", message);
    }

    [Fact]
    public void Plugin_for_another_operating_system_is_refused()
    {
        var folder = _fixture.CreateSigned(PluginFolderBuilder.Draft() with { OperatingSystems = [PluginOperatingSystem.Windows, PluginOperatingSystem.MacOS] });
        var message = _fixture.AssertRefused(folder, PluginRefusalReason.WrongOperatingSystem);
        Assert.Contains("windows, macos", message);

        var any = _fixture.CreateSigned(PluginFolderBuilder.Draft() with { OperatingSystems = [PluginOperatingSystem.Any] }, name: "any");
        Assert.True(_fixture.Verifier.Verify(any).Accepted);
    }

    [Fact]
    public void Lower_sequence_than_accepted_is_refused_as_rollback()
    {
        var newer = _fixture.CreateSigned(PluginFolderBuilder.Draft(sequence: 200), name: "v2");
        _fixture.Verifier.VerifyAndStage(newer, _fixture.StagingRoot);

        var older = _fixture.CreateSigned(PluginFolderBuilder.Draft(sequence: 199, version: "1.1.0"), name: "v1");
        var message = _fixture.AssertRefused(older, PluginRefusalReason.Rollback);
        Assert.Contains("200", message);
        var refusal = Assert.Throws<PluginRefusedException>(() => _fixture.Verifier.VerifyAndStage(older, _fixture.StagingRoot));
        Assert.Equal(PluginRefusalReason.Rollback, refusal.Reason);
        Assert.Equal(200UL, _fixture.Sequences.Get("acme.sinks.archive")!.Sequence);
    }

    [Fact]
    public void Same_sequence_with_a_different_manifest_is_refused_but_the_same_release_is_accepted_again()
    {
        var release = _fixture.CreateSigned(PluginFolderBuilder.Draft(sequence: 300), name: "release");
        _fixture.Verifier.VerifyAndStage(release, _fixture.StagingRoot);
        Assert.True(_fixture.Verifier.Verify(release).Accepted); // a restart re-verifies the release it already accepted

        var impostor = _fixture.CreateSigned(PluginFolderBuilder.Draft(sequence: 300, version: "9.9.9"), name: "impostor");
        _fixture.AssertRefused(impostor, PluginRefusalReason.SequenceReused);
    }

    [Fact]
    public void Rollback_is_refused_after_a_restart()
    {
        var newer = _fixture.CreateSigned(PluginFolderBuilder.Draft(sequence: 500), name: "new");
        _fixture.Verifier.VerifyAndStage(newer, _fixture.StagingRoot);

        var reopened = new PluginVerifier(_fixture.Trust, PluginSequenceStore.Open(_fixture.Sequences.FilePath!), new PluginVerifierOptions());
        var older = _fixture.CreateSigned(PluginFolderBuilder.Draft(sequence: 499), name: "old");
        Assert.Equal(PluginRefusalReason.Rollback, reopened.Verify(older).Reason);
    }
}

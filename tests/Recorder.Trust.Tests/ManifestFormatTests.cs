using System.Diagnostics;
using System.Text;
using Recorder.Trust.Tests.Support;

namespace Recorder.Trust.Tests;

/// <summary>The manifest format and the signature, including a check by an independent implementation (OpenSSL).</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ManifestFormatTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Writer_output_reads_back_identically()
    {
        using var key = SigningKey.Generate();
        var folder = PluginFolderBuilder.Create(_temp.Path);
        var signed = PluginSigner.Sign(folder, PluginFolderBuilder.Draft(sequence: ulong.MaxValue), key);

        var parsed = PluginManifestReader.Parse(File.ReadAllBytes(Path.Combine(folder, "manifest.json")));

        Assert.Equal(ulong.MaxValue, parsed.Sequence);
        Assert.Equal(signed.Manifest.Files.Select(f => (f.Path, f.Size, f.Sha256Hex)), parsed.Files.Select(f => (f.Path, f.Size, f.Sha256Hex)));
        Assert.Equal(key.KeyId, parsed.KeyId);
        Assert.Equal("ecdsa-p256-sha256", parsed.Alg);
        Assert.Equal([PluginKind.Sink], parsed.Kinds);
        Assert.Equal(signed.ManifestBytes, PluginManifestWriter.Write(parsed));
    }

    [Theory]
    [InlineData("\"id\": \"acme.sinks.archive\"", "\"id\": \"Acme.Sinks\"", "'id'")]
    [InlineData("\"id\": \"acme.sinks.archive\"", "\"id\": \"archive\"", "'id'")]
    [InlineData("\"version\": \"1.2.0\"", "\"version\": \"1.2\"", "'version'")]
    [InlineData("\"sequence\": 100", "\"sequence\": -1", "'sequence'")]
    [InlineData("\"sequence\": 100", "\"sequence\": \"100\"", "'sequence'")]
    [InlineData("\"sink\"", "\"exporter\"", "'kinds[0]'")]
    [InlineData("\"linux\"", "\"solaris\"", "'os[0]'")]
    [InlineData("\"contractsVersion\": \"1.0.0\"", "\"contractsVersion\": \"v1\"", "'contractsVersion'")]
    [InlineData("\"entryAssembly\": \"Acme.Sinks.Archive.dll\"", "\"entryAssembly\": \"Other.dll\"", "'entryAssembly'")]
    [InlineData("\"formatVersion\": 1", "\"formatVersion\": 2", "'formatVersion'")]
    [InlineData("\"formatVersion\": 1", "\"formatVersion\": 1, \"extra\": true", "'extra'")]
    [InlineData("\"formatVersion\": 1", "\"formatVersion\": 1, \"id\": \"acme.other\"", "not valid JSON")]
    [InlineData("\"path\": \"Acme.Compression.dll\"", "\"path\": \"ACME.SINKS.ARCHIVE.DLL\"", "listed twice")]
    [InlineData("\"path\": \"Acme.Compression.dll\"", "\"path\": \"manifest.sig\"", "'files[0].path'")]
    public void Malformed_manifests_name_the_field(string from, string to, string expected)
    {
        using var key = SigningKey.Generate();
        var folder = PluginFolderBuilder.Create(_temp.Path);
        PluginSigner.Sign(folder, PluginFolderBuilder.Draft() with { ContractsVersion = new Version(1, 0, 0) }, key);
        var text = File.ReadAllText(Path.Combine(folder, "manifest.json"));
        Assert.Contains(from, text);

        var error = Assert.Throws<ManifestFormatException>(() => PluginManifestReader.Parse(Encoding.UTF8.GetBytes(text.Replace(from, to))));

        Assert.Contains(expected, error.Message);
        Assert.StartsWith("manifest.json", error.Message);
    }

    [Fact]
    public void Signature_verifies_with_openssl_over_the_prefixed_manifest()
    {
        using var key = SigningKey.Generate();
        var folder = PluginFolderBuilder.CreateSigned(_temp.Path, key);
        var publicPem = _temp.Combine("public.pem");
        key.WritePublicKeyFile(publicPem);
        var signed = _temp.Combine("signed-bytes");
        File.WriteAllBytes(signed, [.. ManifestSignature.DomainPrefix, .. File.ReadAllBytes(Path.Combine(folder, "manifest.json"))]);
        var der = _temp.Combine("sig.der");
        Assert.True(ManifestSignature.TryDecodeFile(File.ReadAllBytes(Path.Combine(folder, "manifest.sig")), out var signature));
        File.WriteAllBytes(der, signature);

        var (exit, output) = Run("openssl", "dgst", "-sha256", "-verify", publicPem, "-signature", der, signed);

        Assert.Equal(0, exit);
        Assert.Contains("Verified OK", output);
    }

    [Fact]
    public void Manifest_signed_by_openssl_is_accepted()
    {
        // Publishers may sign with their own tooling (an HSM, OpenSSL): only the bytes and the prefix matter.
        using var key = SigningKey.Generate("openssl-key");
        var privatePem = _temp.Combine("private.pem");
        File.WriteAllText(privatePem, key.Key.ExportPkcs8PrivateKeyPem());
        var folder = PluginFolderBuilder.Create(_temp.Combine("plugins"));
        var manifest = PluginSigner.CreateManifest(folder, PluginFolderBuilder.Draft(), key.KeyId);
        var manifestBytes = PluginManifestWriter.Write(manifest);
        File.WriteAllBytes(Path.Combine(folder, "manifest.json"), manifestBytes);
        var signed = _temp.Combine("signed-bytes");
        File.WriteAllBytes(signed, [.. ManifestSignature.DomainPrefix, .. manifestBytes]);
        var der = _temp.Combine("sig.der");

        var (exit, output) = Run("openssl", "dgst", "-sha256", "-sign", privatePem, "-out", der, signed);
        Assert.True(exit == 0, output);
        File.WriteAllBytes(Path.Combine(folder, "manifest.sig"), ManifestSignature.EncodeFile(File.ReadAllBytes(der)));

        var verifier = new PluginVerifier(TrustStore.Create([TrustedKey.FromPublicKey(key.KeyId, key.Key)]), PluginSequenceStore.InMemory(), new PluginVerifierOptions());
        Assert.True(verifier.Verify(folder).Accepted);
    }

    [Fact]
    public void Default_key_id_is_the_first_16_hex_of_the_public_key_hash()
    {
        using var key = SigningKey.Generate();
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(key.Key.ExportSubjectPublicKeyInfo()))[..16];
        Assert.Equal(expected, key.KeyId);
    }

    private static (int Exit, string Output) Run(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}

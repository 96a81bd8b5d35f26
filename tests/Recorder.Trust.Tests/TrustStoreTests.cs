using Recorder.Trust.Tests.Support;

namespace Recorder.Trust.Tests;

/// <summary>The trust store folder as an operator writes it: key files with scope headers, revoked.txt, clear errors.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class TrustStoreTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly SigningKey _key = SigningKey.Generate("acme-2026");

    public void Dispose()
    {
        _key.Dispose();
        _temp.Dispose();
    }

    private string TrustFolder()
    {
        var trust = _temp.Combine("trust");
        Directory.CreateDirectory(Path.Combine(trust, "keys"));
        return trust;
    }

    [Fact]
    public void Loads_keys_with_scope_and_revocations()
    {
        var trust = TrustFolder();
        _key.WritePublicKeyFile(Path.Combine(trust, "keys", "acme-2026.pem"), ["acme.*", "partner.sinks.?ip"]);
        File.WriteAllText(Path.Combine(trust, "revoked.txt"), "# compromised 2026-01\nold-key-1  # laptop stolen\n\n");

        var store = TrustStore.Load(trust);

        var key = Assert.Single(store.Keys.Values);
        Assert.Equal("acme-2026", key.KeyId);
        Assert.True(key.Allows("acme.sinks.archive"));
        Assert.True(key.Allows("partner.sinks.zip"));
        Assert.False(key.Allows("partner.sinks.gzip"));
        Assert.False(key.Allows("recorder.sinks.sqlite"));
        Assert.True(store.IsRevoked("old-key-1"));
        Assert.False(store.IsRevoked("acme-2026"));
    }

    [Fact]
    public void Keys_written_by_keys_new_verify_what_they_signed()
    {
        var trust = TrustFolder();
        _key.WritePublicKeyFile(Path.Combine(trust, "keys", "acme-2026.pem"));
        var privatePath = _temp.Combine("acme-2026.private.pem");
        _key.WritePrivateKeyFile(privatePath);
        using var reloaded = SigningKey.LoadPrivateKeyFile(privatePath);

        var plugins = _temp.Combine("plugins");
        var folder = PluginFolderBuilder.CreateSigned(plugins, reloaded);
        var verifier = new PluginVerifier(TrustStore.Load(trust), PluginSequenceStore.InMemory(), new PluginVerifierOptions());

        Assert.Equal("acme-2026", reloaded.KeyId);
        Assert.True(verifier.Verify(folder).Accepted);
        Assert.Equal((UnixFileMode)0x180, File.GetUnixFileMode(privatePath));
    }

    [Fact]
    public void A_private_key_in_the_trust_store_is_an_error()
    {
        var trust = TrustFolder();
        _key.WritePrivateKeyFile(Path.Combine(trust, "keys", "acme-2026.pem"));
        var error = Assert.Throws<TrustStoreException>(() => TrustStore.Load(trust));
        Assert.Contains("acme-2026.pem", error.Message);
        Assert.Contains("private key", error.Message);
    }

    [Fact]
    public void A_key_id_header_that_contradicts_the_file_name_is_an_error_naming_the_line()
    {
        var trust = TrustFolder();
        _key.WritePublicKeyFile(Path.Combine(trust, "keys", "other-name.pem"));
        var error = Assert.Throws<TrustStoreException>(() => TrustStore.Load(trust));
        Assert.Contains("other-name.pem:2:", error.Message);
    }

    [Fact]
    public void An_unknown_header_is_an_error_naming_the_line()
    {
        var trust = TrustFolder();
        File.WriteAllText(Path.Combine(trust, "keys", "acme-2026.pem"), "expires: 2027-01-01\n" + _key.Key.ExportSubjectPublicKeyInfoPem());
        var error = Assert.Throws<TrustStoreException>(() => TrustStore.Load(trust));
        Assert.Contains("acme-2026.pem:1:", error.Message);
        Assert.Contains("expires", error.Message);
    }

    [Fact]
    public void A_bad_scope_glob_is_an_error()
    {
        var trust = TrustFolder();
        File.WriteAllText(Path.Combine(trust, "keys", "acme-2026.pem"), "scope: Acme/*\n" + _key.Key.ExportSubjectPublicKeyInfoPem());
        var error = Assert.Throws<TrustStoreException>(() => TrustStore.Load(trust));
        Assert.Contains("scope 'Acme/*'", error.Message);
    }

    [Fact]
    public void A_key_that_is_not_p256_is_an_error()
    {
        var trust = TrustFolder();
        using var p384 = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP384);
        File.WriteAllText(Path.Combine(trust, "keys", "big.pem"), p384.ExportSubjectPublicKeyInfoPem());
        var error = Assert.Throws<TrustStoreException>(() => TrustStore.Load(trust));
        Assert.Contains("not ECDSA P-256", error.Message);
    }

    [Fact]
    public void A_bad_revoked_line_is_an_error_naming_the_line()
    {
        var trust = TrustFolder();
        File.WriteAllText(Path.Combine(trust, "revoked.txt"), "good-id\nNot A Key Id\n");
        var error = Assert.Throws<TrustStoreException>(() => TrustStore.Load(trust));
        Assert.Contains("revoked.txt:2:", error.Message);
    }

    [Fact]
    public void A_stray_file_in_keys_is_an_error()
    {
        var trust = TrustFolder();
        File.WriteAllText(Path.Combine(trust, "keys", "acme.pub"), "");
        var error = Assert.Throws<TrustStoreException>(() => TrustStore.Load(trust));
        Assert.Contains("acme.pub", error.Message);
    }

    [Fact]
    public void A_trust_store_writable_by_others_is_refused()
    {
        var trust = TrustFolder();
        File.SetUnixFileMode(Path.Combine(trust, "keys"), (UnixFileMode)0x1FF);
        var error = Assert.Throws<TrustStoreException>(() => TrustStore.Load(trust));
        Assert.Contains("writable by group or others", error.Message);
    }

    [Fact]
    public void A_missing_trust_store_is_an_error_naming_it()
    {
        var error = Assert.Throws<TrustStoreException>(() => TrustStore.Load(_temp.Combine("nowhere")));
        Assert.Contains("nowhere", error.Message);
    }
}

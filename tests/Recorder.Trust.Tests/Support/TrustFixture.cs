
namespace Recorder.Trust.Tests.Support;

/// <summary>One test's world: a temp folder, a publisher key, a trust store trusting it, a sequence store, a verifier.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class TrustFixture : IDisposable
{
    public TrustFixture(Func<SigningKey, TrustStore>? trust = null, PluginVerifierOptions? options = null)
    {
        Key = SigningKey.Generate("acme-2026");
        Trust = trust?.Invoke(Key) ?? TrustStore.Create([TrustedKey.FromPublicKey(Key.KeyId, Key.Key)]);
        Sequences = PluginSequenceStore.Open(Temp.Combine("data", PluginSequenceStore.DefaultFileName));
        Verifier = new PluginVerifier(Trust, Sequences, options ?? new PluginVerifierOptions());
    }

    public TempFolder Temp { get; } = new();
    public SigningKey Key { get; }
    public TrustStore Trust { get; }
    public PluginSequenceStore Sequences { get; }
    public PluginVerifier Verifier { get; }

    /// <summary>Where plugin folders are deployed, like the host's plugins folder.</summary>
    public string PluginsRoot => EnsureDirectory(Temp.Combine("plugins"));

    public string StagingRoot => Temp.Combine("staging");

    public string CreateSigned(ManifestDraft? draft = null, string name = "acme.sinks.archive") =>
        PluginFolderBuilder.CreateSigned(PluginsRoot, Key, draft, name);

    /// <summary>Asserts a refusal with the expected reason and returns its message.</summary>
    public string AssertRefused(string folder, PluginRefusalReason expected)
    {
        var verification = Verifier.Verify(folder);
        Assert.False(verification.Accepted, $"expected {expected}, but it was accepted");
        Assert.True(expected == verification.Reason, $"expected {expected}, got {verification}");
        Assert.False(string.IsNullOrWhiteSpace(verification.Message));
        return verification.Message;
    }

    private static string EnsureDirectory(string path)
    {
        Directory.CreateDirectory(path);
        return path;
    }

    public void Dispose()
    {
        Key.Dispose();
        Temp.Dispose();
    }
}

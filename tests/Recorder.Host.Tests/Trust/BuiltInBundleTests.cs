using Recorder.Trust;
using Recorder.Tests.Shared;

namespace Recorder.Host.Tests.Trust;

/// <summary>
/// The build's own output: building this test project builds the SQLite sink plugin (through the CLI), which the
/// build bundles into artifacts/plugins/ signed with the development key that artifacts/trust/ trusts.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class BuiltInBundleTests
{
    private static readonly string Artifacts = Path.Combine(RepoPaths.Root, "artifacts");

    [Fact]
    public void The_build_produces_a_signed_sqlite_sink_bundle_the_development_trust_store_accepts()
    {
        var bundle = Path.Combine(Artifacts, "plugins", "recorder.sinks.sqlite");
        var verifier = new PluginVerifier(TrustStore.Load(Path.Combine(Artifacts, "trust")), PluginSequenceStore.InMemory(), new PluginVerifierOptions());

        var verification = verifier.Verify(bundle);

        Assert.True(verification.Accepted, verification.ToString());
        var manifest = verification.Manifest!;
        Assert.Equal("Recorder.Plugins.Sinks.Sqlite.dll", manifest.EntryAssembly);
        Assert.Equal([PluginKind.Sink], manifest.Kinds);
        Assert.Equal(HostInfo.ContractsVersion, manifest.ContractsVersion);
        Assert.Contains(manifest.Files, f => f.Path == "Recorder.Plugins.Sinks.Sqlite.deps.json");
        Assert.Contains(manifest.Files, f => f.Path == "Microsoft.Data.Sqlite.dll");
        Assert.Contains(manifest.Files, f => f.Path.StartsWith("runtimes/linux-x64/native/", StringComparison.Ordinal));
        Assert.DoesNotContain(manifest.Files, f => f.Path.StartsWith("Recorder.Contracts", StringComparison.Ordinal));
        Assert.DoesNotContain(manifest.Files, f => f.Path.StartsWith("runtimes/win", StringComparison.Ordinal));
    }

    [Fact]
    public void The_development_key_is_private_to_its_owner()
    {
        var key = Path.Combine(RepoPaths.Root, ".dev-keys", DevelopmentKey.PrivateKeyFileName);
        Assert.True(File.Exists(key), key);
        Assert.Equal((UnixFileMode)0x180, File.GetUnixFileMode(key));
        Assert.Equal((UnixFileMode)0x1C0, File.GetUnixFileMode(Path.GetDirectoryName(key)!));
    }
}

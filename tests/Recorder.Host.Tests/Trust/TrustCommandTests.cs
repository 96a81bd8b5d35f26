using Recorder.Cli;
using Recorder.Trust.Tests.Support;
using Recorder.Trust;

namespace Recorder.Host.Tests.Trust;

/// <summary>`recorder keys new|export|revoke`, `plugin sign`, `plugin verify`, `plugin bundle`, `plugins list`, run in-process, judged by exit code and files.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class TrustCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    /// <summary>The contracts version this host was built with, as the command line takes it.</summary>
    private static readonly string HostContracts = PluginManifestWriter.FormatContractsVersion(HostInfo.ContractsVersion);

    public void Dispose() => _temp.Dispose();

    /// <summary>Makes a key with `keys new`, trusts it the way an operator would (copy the public file into keys/).</summary>
    private (string PrivateKey, string Trust, string KeyId) NewTrustedKey(string id = "acme-2026")
    {
        var keys = _temp.Combine("keys-out");
        Assert.Equal(0, RecorderCommandLine.Run(["keys", "new", "--out", keys, "--id", id]));
        var trust = _temp.Combine("trust");
        Directory.CreateDirectory(Path.Combine(trust, "keys"));
        File.Copy(Path.Combine(keys, id + ".pem"), Path.Combine(trust, "keys", id + ".pem"));
        return (Path.Combine(keys, id + ".private.pem"), trust, id);
    }

    [Fact]
    public void Keys_new_writes_a_private_key_only_its_owner_can_read()
    {
        var (privateKey, _, keyId) = NewTrustedKey();
        Assert.Equal((UnixFileMode)0x180, File.GetUnixFileMode(privateKey));
        Assert.Equal((UnixFileMode)0x1C0, File.GetUnixFileMode(Path.GetDirectoryName(privateKey)!));
        using var key = SigningKey.LoadPrivateKeyFile(privateKey);
        Assert.Equal(keyId, key.KeyId);
        Assert.Equal(1, RecorderCommandLine.Run(["keys", "new", "--out", Path.GetDirectoryName(privateKey)!, "--id", keyId])); // never overwrites
        Assert.Equal(2, RecorderCommandLine.Run(["keys", "new", "--out", _temp.Path, "--id", "Bad Id"]));
    }

    [Fact]
    public void Keys_export_writes_a_scoped_public_key_a_trust_store_loads_and_a_plugin_outside_the_scope_is_refused()
    {
        var (privateKey, _, keyId) = NewTrustedKey("acme-release");
        var trust = _temp.Combine("fleet-trust");
        Directory.CreateDirectory(trust);
        Assert.Equal(0, RecorderCommandLine.Run(["keys", "export", privateKey, "--out", Path.Combine(trust, "keys"), "--scope", "acme.*"]));
        Assert.Equal(1, RecorderCommandLine.Run(["keys", "export", privateKey, "--out", Path.Combine(trust, "keys")])); // never overwrites

        var store = TrustStore.Load(trust);
        Assert.Equal(["acme.*"], store.Find(keyId)!.Scope);
        var data = _temp.Combine("data");
        var inScope = PluginFolderBuilder.Create(_temp.Combine("plugins-a"));
        Assert.Equal(0, RecorderCommandLine.Run(["plugin", "sign", inScope, "--key", privateKey, "--id", "acme.sinks.archive", "--version", "1.0.0", "--contracts", HostContracts]));
        Assert.Equal(0, RecorderCommandLine.Run(["plugin", "verify", inScope, "--trust", trust, "--data", data]));
        var outOfScope = PluginFolderBuilder.Create(_temp.Combine("plugins-b"));
        Assert.Equal(0, RecorderCommandLine.Run(["plugin", "sign", outOfScope, "--key", privateKey, "--id", "recorder.sinks.sqlite", "--version", "1.0.0", "--contracts", HostContracts]));
        Assert.Equal(1, RecorderCommandLine.Run(["plugin", "verify", outOfScope, "--trust", trust, "--data", data]));
    }

    [Fact]
    public void Keys_revoke_makes_the_trust_store_refuse_the_key_once_and_keeps_the_store_loadable()
    {
        var (privateKey, trust, keyId) = NewTrustedKey();
        File.WriteAllText(Path.Combine(trust, "revoked.txt"), "# revoked publisher key ids\n");
        var folder = PluginFolderBuilder.Create(_temp.Combine("plugins"));
        var data = _temp.Combine("data");
        Assert.Equal(0, RecorderCommandLine.Run(["plugin", "sign", folder, "--key", privateKey, "--id", "acme.sinks.archive", "--version", "1.0.0", "--contracts", HostContracts]));
        Assert.Equal(0, RecorderCommandLine.Run(["plugin", "verify", folder, "--trust", trust, "--data", data]));

        Assert.Equal(0, RecorderCommandLine.Run(["keys", "revoke", keyId, "--trust", trust]));
        Assert.Equal(0, RecorderCommandLine.Run(["keys", "revoke", keyId, "--trust", trust])); // already revoked: no second line
        Assert.Single(File.ReadAllLines(Path.Combine(trust, "revoked.txt")), line => line == keyId);
        Assert.True(TrustStore.Load(trust).IsRevoked(keyId));
        Assert.Equal(1, RecorderCommandLine.Run(["plugin", "verify", folder, "--trust", trust, "--data", data]));
        Assert.Equal(2, RecorderCommandLine.Run(["keys", "revoke", "Not An Id", "--trust", trust]));
    }

    [Fact]
    public void Sign_then_verify_exits_zero_and_tampering_exits_one()
    {
        var (privateKey, trust, _) = NewTrustedKey();
        var folder = PluginFolderBuilder.Create(_temp.Combine("plugins"));
        var data = _temp.Combine("data");

        Assert.Equal(0, RecorderCommandLine.Run(["plugin", "sign", folder, "--key", privateKey, "--id", "acme.sinks.archive", "--version", "1.0.0", "--os", "linux", "--contracts", HostContracts]));
        Assert.Equal(0, RecorderCommandLine.Run(["plugin", "verify", folder, "--trust", trust, "--data", data]));

        File.AppendAllText(Path.Combine(folder, "Acme.Compression.dll"), "tampered");
        Assert.Equal(1, RecorderCommandLine.Run(["plugin", "verify", folder, "--trust", trust, "--data", data]));
    }

    [Fact]
    public void Re_signing_takes_values_from_the_existing_manifest_and_raises_the_sequence()
    {
        var (privateKey, trust, _) = NewTrustedKey();
        var folder = PluginFolderBuilder.Create(_temp.Combine("plugins"));
        Assert.Equal(0, RecorderCommandLine.Run(["plugin", "sign", folder, "--key", privateKey, "--id", "acme.sinks.archive", "--version", "1.0.0", "--kind", "sink,enricher", "--contracts", HostContracts, "--sequence", "5"]));
        File.WriteAllText(Path.Combine(folder, "Added.dll"), "MZ new dependency");

        Assert.Equal(0, RecorderCommandLine.Run(["plugin", "sign", folder, "--key", privateKey]));

        var manifest = PluginManifestReader.Parse(File.ReadAllBytes(Path.Combine(folder, "manifest.json")));
        Assert.Equal("acme.sinks.archive", manifest.Id);
        Assert.Equal([PluginKind.Sink, PluginKind.Enricher], manifest.Kinds);
        Assert.True(manifest.Sequence > 5);
        Assert.Contains(manifest.Files, f => f.Path == "Added.dll");
        Assert.Equal(0, RecorderCommandLine.Run(["plugin", "verify", folder, "--trust", trust, "--data", _temp.Combine("data")]));
    }

    [Fact]
    public void Sign_without_an_id_for_a_new_folder_fails_saying_what_to_give()
    {
        var (privateKey, _, _) = NewTrustedKey();
        var folder = PluginFolderBuilder.Create(_temp.Combine("plugins"));
        Assert.Equal(1, RecorderCommandLine.Run(["plugin", "sign", folder, "--key", privateKey]));
        Assert.Equal(2, RecorderCommandLine.Run(["plugin", "sign", folder, "--key", privateKey, "--id", "acme.sinks.archive", "--version", "1.0.0", "--kind", "exporter"]));
        Assert.False(File.Exists(Path.Combine(folder, "manifest.json")));
    }

    [Fact]
    public void Verify_refuses_a_rollback_recorded_in_the_host_data_folder()
    {
        var (privateKey, trust, _) = NewTrustedKey();
        var folder = PluginFolderBuilder.Create(_temp.Combine("plugins"));
        Assert.Equal(0, RecorderCommandLine.Run(["plugin", "sign", folder, "--key", privateKey, "--id", "acme.sinks.archive", "--version", "1.0.0", "--contracts", HostContracts, "--sequence", "10"]));
        var data = _temp.Combine("data");
        PluginSequenceStore.ForDataDirectory(data).Accept("acme.sinks.archive", 11, new string('c', 64));

        Assert.Equal(1, RecorderCommandLine.Run(["plugin", "verify", folder, "--trust", trust, "--data", data]));
    }

    [Fact]
    public void Verify_with_an_unusable_trust_store_exits_two()
    {
        var folder = PluginFolderBuilder.Create(_temp.Combine("plugins"));
        Assert.Equal(2, RecorderCommandLine.Run(["plugin", "verify", folder, "--trust", _temp.Combine("no-trust")]));
    }

    [Fact]
    public void Plugins_list_reports_every_folder_and_exits_zero()
    {
        var (privateKey, trust, _) = NewTrustedKey();
        var plugins = _temp.Combine("plugins");
        var good = PluginFolderBuilder.Create(plugins, "good");
        Assert.Equal(0, RecorderCommandLine.Run(["plugin", "sign", good, "--key", privateKey, "--id", "acme.sinks.good", "--version", "1.0.0", "--contracts", HostContracts]));
        PluginFolderBuilder.Create(plugins, "unsigned");

        Assert.Equal(0, RecorderCommandLine.Run(["plugins", "list", "--plugins", plugins, "--trust", trust, "--data", _temp.Combine("data")]));
        Assert.Equal(0, RecorderCommandLine.Run(["plugins", "list", "--plugins", plugins, "--trust", trust, "--data", _temp.Combine("data"), "--json"]));
        Assert.Equal(2, RecorderCommandLine.Run(["plugins", "list", "--plugins", _temp.Combine("none"), "--trust", trust]));
    }

    [Fact]
    public void Bundle_leaves_out_shared_assemblies_and_other_platforms_and_signs_the_rest()
    {
        var (privateKey, trust, _) = NewTrustedKey();
        var output = PluginFolderBuilder.Create(_temp.Combine("bin"), "net10.0");
        File.WriteAllText(Path.Combine(output, "Recorder.Contracts.dll"), "MZ shared");
        File.WriteAllText(Path.Combine(output, "System.Composition.AttributedModel.dll"), "MZ shared");
        Directory.CreateDirectory(Path.Combine(output, "runtimes", "win-x64", "native"));
        File.WriteAllText(Path.Combine(output, "runtimes", "win-x64", "native", "acme.dll"), "MZ windows");
        var bundle = _temp.Combine("plugins", "acme.sinks.archive");
        Directory.CreateDirectory(bundle);
        File.WriteAllText(Path.Combine(bundle, "Stale.dll"), "left over from an older bundle");

        Assert.Equal(0, RecorderCommandLine.Run(["plugin", "bundle", output, "--out", bundle, "--key", privateKey, "--id", "acme.sinks.archive", "--version", "2.0.0", "--contracts", HostContracts, "--runtime", "linux-x64"]));

        Assert.False(File.Exists(Path.Combine(bundle, "Recorder.Contracts.dll")));
        Assert.False(File.Exists(Path.Combine(bundle, "System.Composition.AttributedModel.dll")));
        Assert.False(Directory.Exists(Path.Combine(bundle, "runtimes", "win-x64")));
        Assert.False(File.Exists(Path.Combine(bundle, "Stale.dll")));
        Assert.True(File.Exists(Path.Combine(bundle, "runtimes", "linux-x64", "native", "libacme.so")));
        // No temporary or old copies left behind; only the dot-named lock file that serialises parallel bundling.
        Assert.Equal(["acme.sinks.archive"], Directory.GetFileSystemEntries(_temp.Combine("plugins")).Select(Path.GetFileName).Where(n => !n!.StartsWith('.')));
        Assert.Equal([".acme.sinks.archive.lock"], Directory.GetFiles(_temp.Combine("plugins"), ".*").Select(Path.GetFileName));
        Assert.Equal(0, RecorderCommandLine.Run(["plugin", "verify", bundle, "--trust", trust, "--data", _temp.Combine("data")]));
    }
}

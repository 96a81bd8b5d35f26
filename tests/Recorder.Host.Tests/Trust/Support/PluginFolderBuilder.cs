using System.Text;
using Recorder.Host.Trust;

namespace Recorder.Host.Tests.Trust.Support;

/// <summary>
/// Writes a small but real plugin folder (an entry "assembly", its deps.json, a dependency and a native library
/// under runtimes/) and signs it with a real key. Verification only looks at bytes, so the files need not be
/// loadable assemblies.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static class PluginFolderBuilder
{
    public const string EntryAssembly = "Acme.Sinks.Archive.dll";

    public static string Create(string parent, string name = "acme.sinks.archive")
    {
        var folder = System.IO.Path.Combine(parent, name);
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(System.IO.Path.Combine(folder, EntryAssembly), Encoding.ASCII.GetBytes("MZ entry assembly bytes " + new string('x', 3000)));
        File.WriteAllText(System.IO.Path.Combine(folder, "Acme.Sinks.Archive.deps.json"), "{ \"runtimeTarget\": { \"name\": \".NETCoreApp,Version=v10.0\" } }\n");
        File.WriteAllBytes(System.IO.Path.Combine(folder, "Acme.Compression.dll"), Encoding.ASCII.GetBytes("MZ dependency"));
        var native = System.IO.Path.Combine(folder, "runtimes", "linux-x64", "native");
        Directory.CreateDirectory(native);
        File.WriteAllBytes(System.IO.Path.Combine(native, "libacme.so"), Encoding.ASCII.GetBytes("\x7fELF native library"));
        return folder;
    }

    public static ManifestDraft Draft(ulong sequence = 100, string id = "acme.sinks.archive", string version = "1.2.0") => new()
    {
        Id = id,
        Version = version,
        Sequence = sequence,
        Kinds = [PluginKind.Sink],
        OperatingSystems = [PluginOperatingSystem.Linux],
        ContractsVersion = HostInfo.ContractsVersion,
        EntryAssembly = EntryAssembly,
    };

    /// <summary>Creates and signs a plugin folder; returns its path.</summary>
    public static string CreateSigned(string parent, SigningKey key, ManifestDraft? draft = null, string name = "acme.sinks.archive")
    {
        var folder = Create(parent, name);
        PluginSigner.Sign(folder, draft ?? Draft(), key);
        return folder;
    }

    /// <summary>Replaces one field of the folder's manifest text and re-signs the edited bytes with <paramref name="key"/>.</summary>
    public static void ResignEdited(string folder, SigningKey key, string from, string to)
    {
        var path = System.IO.Path.Combine(folder, ManifestRules.ManifestFileName);
        var text = File.ReadAllText(path);
        Assert.Contains(from, text);
        PluginSigner.WriteSigned(folder, Encoding.UTF8.GetBytes(text.Replace(from, to)), key.Key);
    }
}

using Recorder.Contracts.Plugins;
using Recorder.Host;
using Recorder.Tests.Shared;
using Recorder.Trust;

namespace Recorder.Plugins.Collectors.LinuxAudit.Tests.Support;

/// <summary>Deploys plugins as operators do: a signed copy of a plugin's build output renamed into the plugin folder.</summary>
internal static class PluginDeployment
{
    public static string Deploy(string plugins, SigningKey key, string project, string id, PluginKind kind,
        ulong sequence = 1, string version = "1.0.0", string? folderName = null)
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var output = Path.Combine(RepoPaths.Root, "plugins", project, "bin", configuration, "net10.0");
        var staging = Path.Combine(plugins, "." + (folderName ?? id) + ".tmp");
        Directory.CreateDirectory(staging);
        foreach (var path in Directory.GetFiles(output, "*", SearchOption.AllDirectories)) // runtimes/ holds Tmds.LibC
        {
            var relative = Path.GetRelativePath(output, path);
            if (relative.EndsWith(".pdb", StringComparison.Ordinal) || relative.StartsWith("manifest", StringComparison.Ordinal) || relative.EndsWith(".sig", StringComparison.Ordinal)) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(staging, relative))!);
            File.Copy(path, Path.Combine(staging, relative));
        }
        PluginSigner.Sign(staging, new ManifestDraft
        {
            Id = id,
            Version = version,
            Sequence = sequence,
            Kinds = [kind],
            ContractsVersion = HostInfo.ContractsVersion,
            EntryAssembly = project + ".dll",
        }, key);
        var final = Path.Combine(plugins, folderName ?? id);
        Directory.Move(staging, final);
        return final;
    }
}

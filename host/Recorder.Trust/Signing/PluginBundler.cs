using System.Runtime.InteropServices;

namespace Recorder.Trust;

/// <summary>What to bundle: a build output folder, where the signed bundle goes, and the manifest values.</summary>
public sealed record PluginBundleOptions
{
    /// <summary>The plugin project's build output (bin/.../net10.0/).</summary>
    public required string SourceDirectory { get; init; }

    /// <summary>The bundle folder, e.g. <c>artifacts/plugins/recorder.sinks.sqlite</c>; replaced as a whole.</summary>
    public required string BundleDirectory { get; init; }

    public required ManifestDraftOverrides Draft { get; init; }

    /// <summary>Runtime ids whose <c>runtimes/&lt;rid&gt;/</c> folders are kept; null means this machine's.</summary>
    public IReadOnlyList<string>? Runtimes { get; init; }
}

/// <summary>
/// Turns a plugin's build output into a signed bundle: copies what the plugin needs (not the assemblies the host
/// shares, not native libraries for other platforms), signs it, and swaps it into place with renames so a watcher
/// never sees a half-written bundle.
/// </summary>
public static class PluginBundler
{
    /// <summary>Assemblies the host shares with every plugin; a plugin's own copy would break type identity.</summary>
    public static bool IsSharedWithHost(string fileName) =>
        fileName.StartsWith("Recorder.Contracts.", StringComparison.Ordinal)
        || (fileName.StartsWith("System.Composition.", StringComparison.Ordinal) && fileName.EndsWith(".dll", StringComparison.Ordinal));

    /// <summary>This machine's runtime id and the generic ones its native assets may sit under.</summary>
    public static IReadOnlyList<string> CurrentRuntimes()
    {
        var rid = RuntimeInformation.RuntimeIdentifier;
        if (OperatingSystem.IsLinux()) return [rid, "linux", "unix"];
        if (OperatingSystem.IsMacOS()) return [rid, "osx", "unix"];
        return [rid, "win"];
    }

    public static SignedPlugin Bundle(PluginBundleOptions options, SigningKey key, DateTime utcNow)
    {
        var source = Path.GetFullPath(options.SourceDirectory);
        var bundle = Path.GetFullPath(options.BundleDirectory.TrimEnd('/', Path.DirectorySeparatorChar));
        var parent = Path.GetDirectoryName(bundle)!;
        Directory.CreateDirectory(parent);

        // Parallel builds (several engineers, or -m) may bundle the same plugin at once: one at a time.
        using var _ = FileLock.Acquire(Path.Combine(parent, $".{Path.GetFileName(bundle)}.lock"));
        var runtimes = options.Runtimes ?? CurrentRuntimes();
        var temporary = Path.Combine(parent, $".{Path.GetFileName(bundle)}.tmp-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(temporary);
            foreach (var relative in PluginFolderFiles.List(source))
            {
                if (!Belongs(relative, runtimes)) continue;
                var target = Path.Combine(temporary, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(Path.Combine(source, relative), target);
            }

            var draftValues = options.Draft;
            if (draftValues.Sequence is null && ReadSequence(bundle) is { } previous)
                draftValues = draftValues with { Sequence = Math.Max(previous + 1, ManifestDraft.TimestampSequence(utcNow)) };
            var draft = ManifestDraftDefaults.Complete(temporary, draftValues, utcNow);
            var signed = PluginSigner.Sign(temporary, draft, key);

            SwapIntoPlace(temporary, bundle);
            return signed;
        }
        finally
        {
            if (Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
        }
    }

    private static bool Belongs(string relative, IReadOnlyList<string> runtimes)
    {
        if (!relative.Contains('/')) return !IsSharedWithHost(relative);
        if (!relative.StartsWith("runtimes/", StringComparison.Ordinal)) return true;
        var rid = relative.Split('/')[1];
        foreach (var wanted in runtimes)
            if (rid == wanted) return true;
        return false;
    }

    private static ulong? ReadSequence(string bundle)
    {
        var manifest = Path.Combine(bundle, ManifestRules.ManifestFileName);
        if (!File.Exists(manifest)) return null;
        try
        {
            return PluginManifestReader.Parse(File.ReadAllBytes(manifest), manifest).Sequence;
        }
        catch (ManifestFormatException)
        {
            return null;
        }
    }

    private static void SwapIntoPlace(string temporary, string bundle)
    {
        string? old = null;
        if (Directory.Exists(bundle))
        {
            old = Path.Combine(Path.GetDirectoryName(bundle)!, $".{Path.GetFileName(bundle)}.old-{Guid.NewGuid():N}");
            Directory.Move(bundle, old);
        }
        Directory.Move(temporary, bundle);
        if (old is not null) Directory.Delete(old, recursive: true);
    }
}

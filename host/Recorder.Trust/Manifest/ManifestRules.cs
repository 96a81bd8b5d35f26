using System.Text.RegularExpressions;

namespace Recorder.Trust;

/// <summary>What a well-formed plugin id, version, key id and listed path look like.</summary>
public static partial class ManifestRules
{
    /// <summary>The manifest file every plugin folder holds.</summary>
    public const string ManifestFileName = "manifest.json";

    /// <summary>The detached signature beside it.</summary>
    public const string SignatureFileName = "manifest.sig";

    /// <summary>Manifests larger than this are refused before parsing.</summary>
    public const int MaxManifestBytes = 1024 * 1024;

    /// <summary>Signature files larger than this are refused before decoding.</summary>
    public const int MaxSignatureBytes = 4096;

    public const int MaxFiles = 10_000;
    public const int MaxPathLength = 1024;

    /// <summary>Lower-case dotted, at least two segments: <c>recorder.sinks.sqlite</c>, <c>acme.collectors.proc-table</c>.</summary>
    public static bool IsValidPluginId(string id) => id.Length <= 128 && PluginIdPattern().IsMatch(id);

    /// <summary>Semantic Versioning 2.0.0.</summary>
    public static bool IsValidSemVer(string version) => version.Length <= 128 && SemVerPattern().IsMatch(version);

    /// <summary>Key ids are also file names in the trust store, so they stay short and path-safe.</summary>
    public static bool IsValidKeyId(string keyId) => KeyIdPattern().IsMatch(keyId);

    /// <summary>
    /// Checks a path listed in a manifest. Returns null when it is acceptable, otherwise why not;
    /// <paramref name="escapes"/> tells whether the path would leave the folder (or mean something else on Windows).
    /// </summary>
    public static string? CheckRelativePath(string path, out bool escapes)
    {
        escapes = false;
        if (path.Length == 0) return "is empty";
        if (path.Length > MaxPathLength) return $"is longer than {MaxPathLength} characters";
        if (path[0] == '/') { escapes = true; return "is absolute; paths must be relative to the plugin folder"; }
        if (path.Contains('\\')) { escapes = true; return "contains a backslash; use '/' as the separator"; }
        if (path.Contains(':')) { escapes = true; return "contains ':' (a drive or stream name on Windows)"; }
        foreach (var c in path)
            if (char.IsControl(c)) return "contains a control character";
        foreach (var segment in path.Split('/'))
        {
            if (segment == "..") { escapes = true; return "contains '..'"; }
            if (segment.Length == 0) return "contains an empty segment ('//' or a trailing '/')";
            if (segment == ".") return "contains a '.' segment";
            if (segment.Length > 255) return "has a segment longer than 255 characters";
        }
        if (path is ManifestFileName or SignatureFileName) return $"lists {path}, which is never part of the file list";
        return null;
    }

    [GeneratedRegex(@"^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)+$", RegexOptions.CultureInvariant)]
    private static partial Regex PluginIdPattern();

    // From semver.org.
    [GeneratedRegex(@"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(?:-((?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$", RegexOptions.CultureInvariant)]
    private static partial Regex SemVerPattern();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyIdPattern();
}

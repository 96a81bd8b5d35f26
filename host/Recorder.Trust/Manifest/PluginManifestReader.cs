using System.Text.Json;

namespace Recorder.Trust;

/// <summary>
/// Parses <c>manifest.json</c> strictly: size-limited, no duplicate or unknown fields, every value checked.
/// Errors name the file and the field (or the line for broken JSON).
/// </summary>
public static class PluginManifestReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        MaxDepth = 8,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowDuplicateProperties = false,
    };

    /// <summary>Parses manifest bytes. <paramref name="file"/> is only used in error messages.</summary>
    /// <exception cref="ManifestFormatException">The manifest is malformed; the message names the field.</exception>
    public static PluginManifest Parse(ReadOnlyMemory<byte> utf8, string file = ManifestRules.ManifestFileName)
    {
        if (utf8.Length > ManifestRules.MaxManifestBytes)
            throw new ManifestFormatException(file, null, $"is {utf8.Length} bytes; the limit is {ManifestRules.MaxManifestBytes}");
        // JsonDocument accepts invalid UTF-8 inside strings and only fails (with InvalidOperationException) when a
        // string is read: refuse such bytes up front, as a format error (found by the manifest fuzz target).
        if (!System.Text.Unicode.Utf8.IsValid(utf8.Span))
            throw new ManifestFormatException(file, null, "is not valid UTF-8");

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new ManifestFormatException(file, null,
                $"is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}");
        }

        using (document)
            return Read(document.RootElement, file);
    }

    private static PluginManifest Read(JsonElement root, string file)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new ManifestFormatException(file, null, "must be a JSON object");

        JsonElement? format = null, id = null, version = null, sequence = null, kinds = null, os = null,
            contracts = null, entry = null, keyId = null, alg = null, files = null;
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "formatVersion": format = property.Value; break;
                case "id": id = property.Value; break;
                case "version": version = property.Value; break;
                case "sequence": sequence = property.Value; break;
                case "kinds": kinds = property.Value; break;
                case "os": os = property.Value; break;
                case "contractsVersion": contracts = property.Value; break;
                case "entryAssembly": entry = property.Value; break;
                case "keyId": keyId = property.Value; break;
                case "alg": alg = property.Value; break;
                case "files": files = property.Value; break;
                default: throw new ManifestFormatException(file, property.Name, "is not a manifest field");
            }
        }

        var formatVersion = RequiredInt(format, "formatVersion", file);
        if (formatVersion != PluginManifest.CurrentFormatVersion)
            throw new ManifestFormatException(file, "formatVersion",
                $"is {formatVersion}; this host reads format {PluginManifest.CurrentFormatVersion}");

        var pluginId = RequiredString(id, "id", file);
        if (!ManifestRules.IsValidPluginId(pluginId))
            throw new ManifestFormatException(file, "id", $"'{pluginId}' is not a lower-case dotted id such as 'acme.sinks.archive'");

        var semVer = RequiredString(version, "version", file);
        if (!ManifestRules.IsValidSemVer(semVer))
            throw new ManifestFormatException(file, "version", $"'{semVer}' is not a semantic version such as '1.2.0'");

        if (sequence is null) throw new ManifestFormatException(file, "sequence", "is missing");
        if (sequence is not { ValueKind: JsonValueKind.Number } seq || !seq.TryGetUInt64(out var sequenceNumber))
            throw new ManifestFormatException(file, "sequence", "must be an unsigned 64-bit integer");

        var contractsText = RequiredString(contracts, "contractsVersion", file);
        if (!TryParseContractsVersion(contractsText, out var contractsVersion))
            throw new ManifestFormatException(file, "contractsVersion", $"'{contractsText}' is not a version such as '1.0.0'");

        var entryAssembly = RequiredString(entry, "entryAssembly", file);
        var publisherKeyId = RequiredString(keyId, "keyId", file);
        if (!ManifestRules.IsValidKeyId(publisherKeyId))
            throw new ManifestFormatException(file, "keyId", $"'{publisherKeyId}' is not a key id (lower-case letters, digits, '.', '_', '-')");
        var algorithm = RequiredString(alg, "alg", file);

        var manifestFiles = ReadFiles(files, file);
        if (!manifestFiles.Exists(f => f.Path == entryAssembly))
            throw new ManifestFormatException(file, "entryAssembly", $"'{entryAssembly}' is not one of the listed files");
        if (entryAssembly.Contains('/') || !entryAssembly.EndsWith(".dll", StringComparison.Ordinal))
            throw new ManifestFormatException(file, "entryAssembly", $"'{entryAssembly}' must be a .dll at the top of the plugin folder");

        return new PluginManifest
        {
            FormatVersion = formatVersion,
            Id = pluginId,
            Version = semVer,
            Sequence = sequenceNumber,
            Kinds = ReadNames<PluginKind>(kinds, "kinds", file, PluginKinds.TryParse, "collector, enricher, sink"),
            OperatingSystems = ReadNames<PluginOperatingSystem>(os, "os", file, PluginOperatingSystems.TryParse, "linux, windows, macos, any"),
            ContractsVersion = contractsVersion,
            EntryAssembly = entryAssembly,
            KeyId = publisherKeyId,
            Alg = algorithm,
            Files = manifestFiles,
        };
    }

    /// <summary>Accepts <c>major.minor.patch</c>.</summary>
    public static bool TryParseContractsVersion(string text, out Version version)
    {
        version = new Version();
        var parts = text.Split('.');
        if (parts.Length != 3) return false;
        Span<int> numbers = stackalloc int[3];
        for (var i = 0; i < 3; i++)
        {
            if (parts[i].Length is 0 or > 9) return false;
            foreach (var c in parts[i]) if (c is < '0' or > '9') return false;
            numbers[i] = int.Parse(parts[i], System.Globalization.CultureInfo.InvariantCulture);
        }
        version = new Version(numbers[0], numbers[1], numbers[2]);
        return true;
    }

    private static List<T> ReadNames<T>(JsonElement? element, string field, string file, NameList.Parser<T> parse, string allowed)
    {
        if (element is not { ValueKind: JsonValueKind.Array } array || array.GetArrayLength() == 0)
            throw new ManifestFormatException(file, field, element is null ? "is missing" : $"must be a non-empty array of: {allowed}");
        var result = new List<T>();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || !parse(item.GetString()!, out var value))
                throw new ManifestFormatException(file, $"{field}[{index}]", $"must be one of: {allowed}");
            if (result.Contains(value))
                throw new ManifestFormatException(file, $"{field}[{index}]", $"repeats '{item.GetString()}'");
            result.Add(value);
            index++;
        }
        return result;
    }

    private static List<PluginFileEntry> ReadFiles(JsonElement? element, string file)
    {
        if (element is not { ValueKind: JsonValueKind.Array } array)
            throw new ManifestFormatException(file, "files", element is null ? "is missing" : "must be an array");
        if (array.GetArrayLength() > ManifestRules.MaxFiles)
            throw new ManifestFormatException(file, "files", $"lists more than {ManifestRules.MaxFiles} files");

        var result = new List<PluginFileEntry>(array.GetArrayLength());
        // Case-insensitive so a folder cannot mean two different sets of files on Linux and on Windows/macOS.
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var at = $"files[{index}]";
            if (item.ValueKind != JsonValueKind.Object) throw new ManifestFormatException(file, at, "must be an object with path, size, sha256");
            JsonElement? path = null, size = null, sha = null;
            foreach (var property in item.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "path": path = property.Value; break;
                    case "size": size = property.Value; break;
                    case "sha256": sha = property.Value; break;
                    default: throw new ManifestFormatException(file, $"{at}.{property.Name}", "is not a file field");
                }
            }

            var relativePath = RequiredString(path, $"{at}.path", file);
            if (ManifestRules.CheckRelativePath(relativePath, out var escapes) is { } problem)
                throw new ManifestFormatException(file, $"{at}.path", $"'{relativePath}' {problem}", escapes);
            if (!seen.Add(relativePath))
                throw new ManifestFormatException(file, $"{at}.path", $"'{relativePath}' is listed twice");

            if (size is not { ValueKind: JsonValueKind.Number } sizeElement || !sizeElement.TryGetInt64(out var length) || length < 0)
                throw new ManifestFormatException(file, $"{at}.size", "must be a non-negative integer");

            var hex = RequiredString(sha, $"{at}.sha256", file);
            if (hex.Length != 64 || !IsLowerHex(hex))
                throw new ManifestFormatException(file, $"{at}.sha256", "must be 64 lower-case hex digits");

            result.Add(new PluginFileEntry(relativePath, length, Convert.FromHexString(hex)));
            index++;
        }
        return result;
    }

    private static bool IsLowerHex(string text)
    {
        foreach (var c in text)
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f'))) return false;
        return true;
    }

    private static string RequiredString(JsonElement? element, string field, string file)
    {
        if (element is not { ValueKind: JsonValueKind.String } value)
            throw new ManifestFormatException(file, field, element is null ? "is missing" : "must be a string");
        var text = value.GetString()!;
        if (text.Length == 0) throw new ManifestFormatException(file, field, "is empty");
        return text;
    }

    private static int RequiredInt(JsonElement? element, string field, string file)
    {
        if (element is not { ValueKind: JsonValueKind.Number } value || !value.TryGetInt32(out var number))
            throw new ManifestFormatException(file, field, element is null ? "is missing" : "must be an integer");
        return number;
    }
}

using System.Text.Json;

namespace Recorder.Trust;

/// <summary>The release of a plugin the host last accepted.</summary>
public sealed record AcceptedRelease(ulong Sequence, string ManifestSha256);

/// <summary>
/// Remembers the highest sequence accepted per plugin id (and that release's manifest hash) in a small JSON file in
/// the host's data folder, so that an older release, or a different manifest reusing an accepted sequence, is
/// refused even after a restart. The file is replaced atomically (write a temporary file, flush it to disk, rename).
/// A damaged file is an error, never an empty store: forgetting would let rollbacks through.
/// </summary>
public sealed class PluginSequenceStore
{
    public const string DefaultFileName = "plugin-sequences.json";
    private const int MaxFileBytes = 16 * 1024 * 1024;

    private readonly Dictionary<string, AcceptedRelease> _accepted;
    private readonly Lock _gate = new();

    private PluginSequenceStore(string? filePath, Dictionary<string, AcceptedRelease> accepted)
    {
        FilePath = filePath;
        _accepted = accepted;
    }

    /// <summary>The file it persists to, or null for an in-memory store.</summary>
    public string? FilePath { get; }

    /// <summary>Opens (or starts) the store at <paramref name="filePath"/>.</summary>
    /// <exception cref="InvalidDataException">The file exists but cannot be read; the message names it.</exception>
    public static PluginSequenceStore Open(string filePath)
    {
        var path = Path.GetFullPath(filePath);
        return new PluginSequenceStore(path, File.Exists(path) ? Read(path) : new Dictionary<string, AcceptedRelease>(StringComparer.Ordinal));
    }

    /// <summary><c>&lt;dataDirectory&gt;/plugin-sequences.json</c>.</summary>
    public static PluginSequenceStore ForDataDirectory(string dataDirectory) => Open(Path.Combine(dataDirectory, DefaultFileName));

    /// <summary>A store that forgets on exit (tests; a one-off <c>recorder plugin verify</c> without a data folder).</summary>
    public static PluginSequenceStore InMemory() => new(null, new Dictionary<string, AcceptedRelease>(StringComparer.Ordinal));

    public AcceptedRelease? Get(string pluginId)
    {
        lock (_gate) return _accepted.GetValueOrDefault(pluginId);
    }

    /// <summary>Null when the release may be accepted, otherwise why not (<see cref="PluginRefusalReason.Rollback"/> or <see cref="PluginRefusalReason.SequenceReused"/>).</summary>
    public PluginRefusalReason? Check(string pluginId, ulong sequence, string manifestSha256, out string message)
    {
        var accepted = Get(pluginId);
        message = "";
        if (accepted is null || sequence > accepted.Sequence) return null;
        if (sequence < accepted.Sequence)
        {
            message = $"sequence {sequence} is lower than {accepted.Sequence}, already accepted for {pluginId} (rollback)";
            return PluginRefusalReason.Rollback;
        }
        if (!string.Equals(accepted.ManifestSha256, manifestSha256, StringComparison.Ordinal))
        {
            message = $"sequence {sequence} was already accepted for {pluginId} with a different manifest (sha256 {accepted.ManifestSha256[..12]}..., this one {manifestSha256[..12]}...)";
            return PluginRefusalReason.SequenceReused;
        }
        return null;
    }

    /// <summary>Records a release as accepted and persists the store. Never lowers a recorded sequence.</summary>
    public void Accept(string pluginId, ulong sequence, string manifestSha256)
    {
        lock (_gate)
        {
            if (_accepted.TryGetValue(pluginId, out var current) && current.Sequence > sequence) return;
            _accepted[pluginId] = new AcceptedRelease(sequence, manifestSha256);
            if (FilePath is not null) Write(FilePath, _accepted);
        }
    }

    private static Dictionary<string, AcceptedRelease> Read(string path)
    {
        var result = new Dictionary<string, AcceptedRelease>(StringComparer.Ordinal);
        try
        {
            var bytes = File.ReadAllBytes(path);
            if (bytes.Length > MaxFileBytes) throw new InvalidDataException("is larger than 16 MiB");
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowDuplicateProperties = false });
            if (!document.RootElement.TryGetProperty("plugins", out var plugins) || plugins.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException("has no 'plugins' object");
            foreach (var plugin in plugins.EnumerateObject())
            {
                if (!plugin.Value.TryGetProperty("sequence", out var sequence) || sequence.ValueKind != JsonValueKind.Number || !sequence.TryGetUInt64(out var number))
                    throw new InvalidDataException($"plugins.{plugin.Name}.sequence is missing or not an unsigned integer");
                if (!plugin.Value.TryGetProperty("manifestSha256", out var hash) || hash.ValueKind != JsonValueKind.String || hash.GetString() is not { Length: 64 } hex)
                    throw new InvalidDataException($"plugins.{plugin.Name}.manifestSha256 is missing or not 64 hex digits");
                result[plugin.Name] = new AcceptedRelease(number, hex);
            }
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or InvalidOperationException)
        {
            throw new InvalidDataException($"{path}: the plugin sequence store cannot be read ({e.Message}); " +
                "fix or restore it rather than deleting it, since it is what refuses rollbacks", e);
        }
        return result;
    }

    private static void Write(string path, Dictionary<string, AcceptedRelease> accepted)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        using (var stream = PrivateFiles.Create(temporary, FileMode.Create))
        {
            using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                json.WriteStartObject();
                json.WriteNumber("formatVersion", 1);
                json.WriteStartObject("plugins");
                foreach (var (id, release) in accepted.OrderBy(pair => pair.Key, StringComparer.Ordinal))
                {
                    json.WriteStartObject(id);
                    json.WriteNumber("sequence", release.Sequence);
                    json.WriteString("manifestSha256", release.ManifestSha256);
                    json.WriteEndObject();
                }
                json.WriteEndObject();
                json.WriteEndObject();
            }
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }
}

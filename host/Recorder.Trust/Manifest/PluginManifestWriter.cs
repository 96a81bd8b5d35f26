using System.Text.Json;

namespace Recorder.Trust;

/// <summary>Writes <c>manifest.json</c> bytes: fields in a fixed order, files sorted by path, indented for people.</summary>
public static class PluginManifestWriter
{
    public static byte[] Write(PluginManifest manifest)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("formatVersion", manifest.FormatVersion);
            json.WriteString("id", manifest.Id);
            json.WriteString("version", manifest.Version);
            json.WriteNumber("sequence", manifest.Sequence);
            json.WriteStartArray("kinds");
            foreach (var kind in manifest.Kinds) json.WriteStringValue(kind.ToManifestName());
            json.WriteEndArray();
            json.WriteStartArray("os");
            foreach (var os in manifest.OperatingSystems) json.WriteStringValue(os.ToManifestName());
            json.WriteEndArray();
            json.WriteString("contractsVersion", FormatContractsVersion(manifest.ContractsVersion));
            json.WriteString("entryAssembly", manifest.EntryAssembly);
            json.WriteString("keyId", manifest.KeyId);
            json.WriteString("alg", manifest.Alg);
            json.WriteStartArray("files");
            foreach (var file in manifest.Files)
            {
                json.WriteStartObject();
                json.WriteString("path", file.Path);
                json.WriteNumber("size", file.Size);
                json.WriteString("sha256", file.Sha256Hex);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary><c>major.minor.patch</c>, the form the reader accepts.</summary>
    public static string FormatContractsVersion(Version version) =>
        $"{version.Major}.{Math.Max(version.Minor, 0)}.{Math.Max(version.Build, 0)}";
}

namespace Recorder.Trust;

/// <summary>One file of a plugin folder as its manifest lists it.</summary>
/// <param name="Path">Relative path inside the plugin folder, with <c>/</c> separators.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="Sha256">The SHA-256 of the file's content (32 bytes).</param>
public sealed record PluginFileEntry(string Path, long Size, ReadOnlyMemory<byte> Sha256)
{
    /// <summary>The hash as lower-case hex, as the manifest writes it.</summary>
    public string Sha256Hex => Convert.ToHexStringLower(Sha256.Span);
}

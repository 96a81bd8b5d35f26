namespace Recorder.Trust;

/// <summary>A manifest that cannot be read: names the file and the field at fault.</summary>
public sealed class ManifestFormatException : Exception
{
    public ManifestFormatException(string file, string? field, string message, bool pathEscapes = false)
        : base(field is null ? $"{file}: {message}" : $"{file}: field '{field}': {message}")
    {
        File = file;
        Field = field;
        PathEscapesFolder = pathEscapes;
    }

    public string File { get; }

    /// <summary>The JSON field at fault (for example <c>files[3].path</c>), or null for the whole file.</summary>
    public string? Field { get; }

    /// <summary>True when the fault is a listed path that would leave the plugin folder.</summary>
    public bool PathEscapesFolder { get; }
}

namespace Recorder.Trust.Tests.Support;

/// <summary>A real folder under /tmp, removed when the test ends.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = Directory.CreateTempSubdirectory("recorder-trust-").FullName;
        // CreateTempSubdirectory makes 0700 folders; give it the usual 0755 so tests start from a normal deploy.
        File.SetUnixFileMode(Path, (UnixFileMode)0x1ED);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        // Tests run as root, which may delete whatever owner or mode a test gave an entry.
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

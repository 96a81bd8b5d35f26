namespace Recorder.Trust;

/// <summary>
/// A lock between processes on the same machine: an open lock file with no sharing (.NET takes an exclusive
/// <c>flock</c> on Unix). Parallel builds use it so two of them never create the development key or swap the same
/// bundle at once.
/// </summary>
public static class FileLock
{
    public static IDisposable Acquire(string path, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(2));
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(100);
            }
        }
    }
}

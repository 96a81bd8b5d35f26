namespace Recorder.Host.Diagnostics;

/// <summary>
/// The host's log: one line per message on standard error, with UTC time, level and source. Kept tiny on
/// purpose; warnings and errors are also remembered for <c>recorder status</c>.
/// </summary>
public sealed class HostLog
{
    private readonly object _gate = new();
    private readonly Queue<string> _recentProblems = new();
    private readonly TextWriter _output;

    /// <summary>Creates a log writing to <paramref name="output"/> (standard error by default).</summary>
    public HostLog(TextWriter? output = null, bool debug = false)
    {
        _output = output ?? Console.Error;
        DebugEnabled = debug;
    }

    /// <summary>Whether debug messages are written.</summary>
    public bool DebugEnabled { get; }

    /// <summary>The last warnings and errors, newest last.</summary>
    public IReadOnlyList<string> RecentProblems
    {
        get { lock (_gate) return _recentProblems.ToArray(); }
    }

    /// <summary>Writes a debug line.</summary>
    public void Debug(string source, string message) { if (DebugEnabled) Write("DBG", source, message, null); }
    /// <summary>Writes an information line.</summary>
    public void Info(string source, string message) => Write("INF", source, message, null);
    /// <summary>Writes a warning.</summary>
    public void Warn(string source, string message, Exception? exception = null) => Write("WRN", source, message, exception);
    /// <summary>Writes an error.</summary>
    public void Error(string source, string message, Exception? exception = null) => Write("ERR", source, message, exception);

    private void Write(string level, string source, string message, Exception? exception)
    {
        var line = $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {level} [{source}] {message}";
        if (exception is not null) line += $" ({exception.GetType().Name}: {exception.Message})";
        lock (_gate)
        {
            _output.WriteLine(line);
            if (level is "WRN" or "ERR")
            {
                _recentProblems.Enqueue(line);
                while (_recentProblems.Count > 50) _recentProblems.Dequeue();
            }
        }
    }
}

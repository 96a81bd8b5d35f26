namespace Recorder.Trust;

/// <summary>The command line asked for something impossible (a bad option value, a missing choice): exit code 2.</summary>
public sealed class CommandUsageException(string message) : Exception(message);

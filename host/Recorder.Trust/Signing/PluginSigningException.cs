namespace Recorder.Trust;

/// <summary>A folder or draft that cannot be signed; the message says which file or value and why.</summary>
public sealed class PluginSigningException(string message) : Exception(message);

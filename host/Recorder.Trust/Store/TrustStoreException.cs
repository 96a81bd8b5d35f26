namespace Recorder.Trust;

/// <summary>A trust store that cannot be used; the message names the file and, when known, the line.</summary>
public sealed class TrustStoreException(string message, Exception? inner = null) : Exception(message, inner);

namespace Recorder.MacOS.Bsm;

/// <summary>Bytes that are not what BSM says they should be; <see cref="Offset"/> is within the record or token.</summary>
public sealed class BsmFormatException(int offset, string message) : Exception(message)
{
    /// <summary>Where, counted from the start of the record (or token) being decoded.</summary>
    public int Offset { get; } = offset;
}

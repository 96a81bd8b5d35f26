namespace Recorder.Windows.Etw.Etl;

/// <summary>
/// How an .etl file that cannot be read at all is refused: an <see cref="InvalidDataException"/> (what importers
/// throw when nothing can be read) whose message names the file and the byte offset of the damage.
/// </summary>
public static class EtlFormatError
{
    public static InvalidDataException At(string fileName, long offset, string message) =>
        new($"{fileName}: offset {offset}: {message}");
}

/// <summary>A damaged part of an .etl file that was skipped: its byte offset within the file and what is wrong.</summary>
public readonly record struct EtlProblem(long FileOffset, string Message);

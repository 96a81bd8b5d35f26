namespace Recorder.MacOS.Bsm;

/// <summary>What a trail reader read, stepped over and refused. Written by the reading thread only.</summary>
public sealed class BsmTrailStatistics
{
    private readonly List<(long Offset, string Message)> _problems = new();

    /// <summary>How many problems are kept with their offset; the rest are only counted.</summary>
    public const int ProblemsKept = 100;

    /// <summary>Records decoded.</summary>
    public long Records { get; internal set; }

    /// <summary>Records refused, plus runs of bytes between records that were not a record.</summary>
    public long Malformed { get; private set; }

    /// <summary>Tokens of a known size that were stepped over inside decoded records.</summary>
    public long SkippedTokens { get; internal set; }

    /// <summary>file tokens between records (at a trail's start and end).</summary>
    public long FileTokens { get; internal set; }

    /// <summary>The first problems, each with the trail offset it starts at.</summary>
    public IReadOnlyList<(long Offset, string Message)> Problems => _problems;

    internal void AddMalformed(long offset, string message)
    {
        Malformed++;
        if (_problems.Count < ProblemsKept) _problems.Add((offset, message));
    }
}

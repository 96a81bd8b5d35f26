using Recorder.Linux.Audit.Assembly;

namespace Recorder.Linux.Audit.Replay;

/// <summary>What a replay read, produced and could not parse.</summary>
public sealed class ReplayStats
{
    /// <summary>Most malformed lines kept with their details; all are counted in <see cref="Malformed"/>.</summary>
    public const int MaxReportedErrors = 1000;

    private readonly List<ReplayError> _errors = new();

    /// <summary>Lines read (blank ones included).</summary>
    public long Lines { get; internal set; }
    /// <summary>Bytes read.</summary>
    public long Bytes { get; internal set; }
    /// <summary>Records parsed.</summary>
    public long Records { get; internal set; }
    /// <summary>Lines that were not valid records (blank lines are not counted).</summary>
    public long Malformed { get; internal set; }
    /// <summary>Typed events produced.</summary>
    public long Events { get; internal set; }
    /// <summary>Counters of the assembler (groups, sequence gaps, evictions, timeouts).</summary>
    public AuditPipelineCounters Pipeline { get; internal set; } = new();

    /// <summary>The first <see cref="MaxReportedErrors"/> malformed lines: line number and reason.</summary>
    public IReadOnlyList<ReplayError> Errors => _errors;

    internal void AddError(ReplayError error)
    {
        Malformed++;
        if (_errors.Count < MaxReportedErrors) _errors.Add(error);
    }
}

/// <summary>A line of a replayed log that could not be parsed.</summary>
/// <param name="Line">1-based line number.</param>
/// <param name="Reason">Why it was rejected.</param>
/// <param name="Excerpt">The start of the line, for the message.</param>
public sealed record ReplayError(long Line, string Reason, string Excerpt)
{
    /// <inheritdoc />
    public override string ToString() => $"line {Line}: {Reason}: {Excerpt}";
}

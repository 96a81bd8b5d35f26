namespace Recorder.Linux.Audit.Rules;

/// <summary>
/// A rule line that auditctl's language does not allow. Names the argument (1-based, as counted on the line) and
/// its column, and the line number when the rule came from a file.
/// </summary>
public sealed class AuditRuleSyntaxException : FormatException
{
    public AuditRuleSyntaxException(string reason, int argumentIndex, int column, string? argument, int? line = null, string? sourceName = null)
        : base(Describe(reason, argumentIndex, column, argument, line, sourceName))
    {
        Reason = reason;
        ArgumentIndex = argumentIndex;
        Column = column;
        Argument = argument;
        Line = line;
        SourceName = sourceName;
    }

    /// <summary>What is wrong, without position.</summary>
    public string Reason { get; }

    /// <summary>1-based index of the offending argument on the line; 0 when the whole line is at fault.</summary>
    public int ArgumentIndex { get; }

    /// <summary>1-based column where the offending argument starts; 0 when the whole line is at fault.</summary>
    public int Column { get; }

    /// <summary>The offending argument as written, if any.</summary>
    public string? Argument { get; }

    /// <summary>1-based line number in <see cref="SourceName"/>, when parsed from a file.</summary>
    public int? Line { get; }

    /// <summary>The file (or other source name) the line came from.</summary>
    public string? SourceName { get; }

    /// <summary>The same error placed at a line of a file.</summary>
    public AuditRuleSyntaxException AtLine(int line, string? sourceName) => new(Reason, ArgumentIndex, Column, Argument, line, sourceName);

    private static string Describe(string reason, int argumentIndex, int column, string? argument, int? line, string? sourceName)
    {
        var where = line is { } l ? (sourceName is null ? $"line {l}" : $"{sourceName}:{l}") : null;
        var what = argumentIndex > 0 ? $"argument {argumentIndex} '{argument}' (column {column})" : null;
        return (where, what) switch
        {
            (null, null) => reason,
            (null, _) => $"{what}: {reason}",
            (_, null) => $"{where}: {reason}",
            _ => $"{where}, {what}: {reason}",
        };
    }
}

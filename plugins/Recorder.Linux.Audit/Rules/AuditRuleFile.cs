namespace Recorder.Linux.Audit.Rules;

/// <summary>What a line of a rules file turned out to be.</summary>
public enum AuditRuleLineKind
{
    /// <summary>An <c>-a</c>/<c>-A</c>/<c>-d</c>/<c>-w</c>/<c>-W</c> rule.</summary>
    Rule,

    /// <summary>A setting of the audit system rather than a rule: <c>-D</c>, <c>-b</c>, <c>-e</c>, <c>-f</c>, <c>--backlog_wait_time</c>...</summary>
    Control,

    /// <summary>A line that does not parse.</summary>
    Error,
}

/// <summary>One non-blank, non-comment line of a rules file and what it holds.</summary>
public sealed class AuditRuleLine
{
    private AuditRuleLine(int lineNumber, string text, AuditRuleLineKind kind, AuditRule? rule, string? control, AuditRuleSyntaxException? error)
    {
        LineNumber = lineNumber;
        Text = text;
        Kind = kind;
        Rule = rule;
        Control = control;
        Error = error;
    }

    /// <summary>1-based.</summary>
    public int LineNumber { get; }

    public string Text { get; }

    public AuditRuleLineKind Kind { get; }

    public AuditRule? Rule { get; }

    /// <summary>The control option (<c>-D</c>, <c>-e</c>, <c>--backlog_wait_time</c>...) of a control line.</summary>
    public string? Control { get; }

    public AuditRuleSyntaxException? Error { get; }

    internal static AuditRuleLine ForRule(int line, string text, AuditRule rule) => new(line, text, AuditRuleLineKind.Rule, rule, null, null);

    internal static AuditRuleLine ForControl(int line, string text, string control) => new(line, text, AuditRuleLineKind.Control, null, control, null);

    internal static AuditRuleLine ForError(int line, string text, AuditRuleSyntaxException error) => new(line, text, AuditRuleLineKind.Error, null, null, error);
}

/// <summary>A parsed rules file: every meaningful line with its number.</summary>
public sealed class AuditRuleFile(string sourceName, IReadOnlyList<AuditRuleLine> lines)
{
    public string SourceName { get; } = sourceName;

    public IReadOnlyList<AuditRuleLine> Lines { get; } = lines;

    /// <summary>The rules, in file order.</summary>
    public IEnumerable<AuditRule> Rules
    {
        get
        {
            foreach (var line in Lines)
                if (line.Rule is not null) yield return line.Rule;
        }
    }

    /// <summary>The lines that did not parse.</summary>
    public IEnumerable<AuditRuleLine> Errors
    {
        get
        {
            foreach (var line in Lines)
                if (line.Kind == AuditRuleLineKind.Error) yield return line;
        }
    }

    public bool HasErrors
    {
        get
        {
            foreach (var line in Lines)
                if (line.Kind == AuditRuleLineKind.Error) return true;
            return false;
        }
    }
}

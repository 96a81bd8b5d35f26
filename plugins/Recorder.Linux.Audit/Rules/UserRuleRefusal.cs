namespace Recorder.Linux.Audit.Rules;

/// <summary>A line of a user rules file that was refused, and why.</summary>
public sealed record UserRuleRefusal(string Source, int LineNumber, string LineText, string Reason)
{
    public override string ToString() => $"{Source}:{LineNumber}: {Reason} ({LineText.Trim()})";
}

/// <summary>The outcome of checking a user rules file: its rules (with their text) or the lines refused.</summary>
public sealed class UserRuleValidation(IReadOnlyList<UserRule> rules, IReadOnlyList<UserRuleRefusal> refusals)
{
    /// <summary>The accepted rules, in file order. Empty when anything was refused: a file is taken whole or not at all.</summary>
    public IReadOnlyList<UserRule> Rules { get; } = refusals.Count == 0 ? rules : [];

    public IReadOnlyList<UserRuleRefusal> Refusals { get; } = refusals;

    public bool IsAccepted => Refusals.Count == 0;
}

/// <summary>A user-defined rule with the text it was registered as and where that text was.</summary>
public sealed record UserRule(AuditRule Rule, string Text, int LineNumber);

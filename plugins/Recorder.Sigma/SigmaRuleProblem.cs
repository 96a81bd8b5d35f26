namespace Recorder.Sigma;

/// <summary>
/// A rule that cannot run, and why: malformed YAML, a missing or invalid part, or a Sigma construct this engine does
/// not support (<see cref="Construct"/>, e.g. <c>modifier 'expand'</c>, <c>aggregation '| count()'</c>,
/// <c>correlation rule</c>). Every rule the loader does not compile is reported as one problem.
/// </summary>
public sealed record SigmaRuleProblem(
    string File,
    int Line,
    int Column,
    string? RuleId,
    string? Title,
    string? Construct,
    string Message)
{
    /// <summary><c>file:line:column: message</c>, with the construct and rule when known.</summary>
    public override string ToString()
    {
        var rule = RuleId is null && Title is null ? "" : $" (rule {RuleId ?? "?"} '{Title}')";
        var construct = Construct is null ? "" : $"unsupported {Construct}: ";
        return $"{File}:{Line}:{Column}: {construct}{Message}{rule}";
    }
}

/// <summary>What <see cref="SigmaRuleLoader"/> read: the compiled rules, and every rule it could not compile.</summary>
public sealed record SigmaLoadResult(IReadOnlyList<SigmaRule> Rules, IReadOnlyList<SigmaRuleProblem> Problems)
{
    /// <summary>Rules that were read and compiled but left out by the <see cref="SigmaRuleFilter"/>.</summary>
    public int FilteredOut { get; init; }
}

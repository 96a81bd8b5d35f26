namespace Recorder.Sigma;

/// <summary>
/// Narrows a rule set: by <c>status</c> (any of), minimum <c>level</c>, and <c>tags</c> (any of). An empty or null
/// criterion does not narrow. Comparisons are case-insensitive.
/// </summary>
public sealed record SigmaRuleFilter
{
    /// <summary>Keep rules whose status is one of these (e.g. <c>stable</c>, <c>test</c>).</summary>
    public IReadOnlyCollection<string>? Statuses { get; init; }

    /// <summary>Keep rules of at least this level (a rule without level is kept only when this is null).</summary>
    public SigmaLevel? MinimumLevel { get; init; }

    /// <summary>Keep rules carrying at least one of these tags (e.g. <c>attack.execution</c>).</summary>
    public IReadOnlyCollection<string>? Tags { get; init; }

    public bool Includes(SigmaRule rule)
    {
        if (Statuses is { Count: > 0 } && !Statuses.Contains(rule.Status ?? "", StringComparer.OrdinalIgnoreCase)) return false;
        if (MinimumLevel is { } minimum && rule.Level < minimum) return false;
        if (Tags is { Count: > 0 } && !rule.Tags.Any(tag => Tags.Contains(tag, StringComparer.OrdinalIgnoreCase))) return false;
        return true;
    }
}

namespace Recorder.Sigma;

/// <summary>
/// A rule's <c>logsource</c>: which events it is written for. Each of category, product and service that the rule
/// names must equal the event's (case-insensitive); one it leaves out applies to any (a rule without product
/// applies to every product).
/// </summary>
public sealed record SigmaLogSource(string? Category, string? Product, string? Service, string? Definition = null)
{
    /// <summary>True when a rule with this logsource applies to events of <paramref name="source"/>.</summary>
    public bool AppliesTo(in SigmaLogSourceKey source) =>
        Applies(Category, source.Category) && Applies(Product, source.Product) && Applies(Service, source.Service);

    private static bool Applies(string? ruleValue, string? eventValue) =>
        ruleValue is null || string.Equals(ruleValue, eventValue, StringComparison.OrdinalIgnoreCase);

    public override string ToString() =>
        string.Join("/", new[] { Product, Category, Service }.Where(part => part is not null));
}

/// <summary>
/// Where an event comes from in Sigma's terms, e.g. (<c>process_creation</c>, <c>windows</c>, null) or
/// (null, <c>linux</c>, <c>auditd</c>). The engine picks the rules whose <see cref="SigmaLogSource"/> applies.
/// </summary>
public readonly record struct SigmaLogSourceKey(string? Category, string? Product, string? Service = null)
{
    public override string ToString() =>
        string.Join("/", new[] { Product, Category, Service }.Where(part => part is not null));
}

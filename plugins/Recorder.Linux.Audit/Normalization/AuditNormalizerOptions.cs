namespace Recorder.Linux.Audit.Normalization;

/// <summary>Settings of the normaliser.</summary>
public sealed record AuditNormalizerOptions
{
    /// <summary>
    /// Rule keys that never turn an open-for-read into <c>file.read</c> (the collector's own key, whose rules ask
    /// for writes only). Any other key on a read means a user rule selected it.
    /// </summary>
    public IReadOnlySet<string> NonReadRuleKeys { get; init; } = new HashSet<string>(StringComparer.Ordinal);
}

namespace Recorder.Sigma;

/// <summary>A rule's <c>level</c>, in increasing order of severity.</summary>
public enum SigmaLevel
{
    /// <summary>The rule names no level (or one Sigma does not define).</summary>
    Unknown,
    Informational,
    Low,
    Medium,
    High,
    Critical,
}

internal static class SigmaLevels
{
    public static SigmaLevel Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "informational" => SigmaLevel.Informational,
        "low" => SigmaLevel.Low,
        "medium" => SigmaLevel.Medium,
        "high" => SigmaLevel.High,
        "critical" => SigmaLevel.Critical,
        _ => SigmaLevel.Unknown,
    };
}

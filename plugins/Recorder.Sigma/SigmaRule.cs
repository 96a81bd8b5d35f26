using Recorder.Sigma.Detection;

namespace Recorder.Sigma;

/// <summary>
/// One compiled Sigma rule: its metadata as written, and its detection compiled for matching. Immutable; made by
/// <see cref="SigmaRuleLoader"/>, matched by <see cref="SigmaEngine"/> (or alone with <see cref="Matches"/>).
/// </summary>
public sealed class SigmaRule
{
    internal SigmaRule(SigmaRuleMetadata metadata, SigmaLogSource logSource, CompiledDetection detection)
    {
        Id = metadata.Id;
        Title = metadata.Title;
        Status = metadata.Status;
        Level = SigmaLevels.Parse(metadata.Level);
        LevelText = metadata.Level;
        Tags = metadata.Tags;
        Description = metadata.Description;
        Author = metadata.Author;
        References = metadata.References;
        Falsepositives = metadata.Falsepositives;
        SourceFile = metadata.SourceFile;
        Line = metadata.Line;
        LogSource = logSource;
        Detection = detection;
    }

    /// <summary>The rule's <c>id</c> (a UUID in SigmaHQ's rules); empty when the rule has none.</summary>
    public string Id { get; }
    public string Title { get; }
    /// <summary><c>stable</c>, <c>test</c>, <c>experimental</c>, <c>deprecated</c>, <c>unsupported</c>, or null.</summary>
    public string? Status { get; }
    public SigmaLevel Level { get; }
    /// <summary>The <c>level</c> as written (null when absent).</summary>
    public string? LevelText { get; }
    /// <summary>The <c>tags</c>, e.g. <c>attack.execution</c>, <c>attack.t1059.001</c>.</summary>
    public IReadOnlyList<string> Tags { get; }
    public string? Description { get; }
    public string? Author { get; }
    public IReadOnlyList<string> References { get; }
    public IReadOnlyList<string> Falsepositives { get; }
    public SigmaLogSource LogSource { get; }
    /// <summary>The file (or source name given to <see cref="SigmaRuleLoader.LoadText"/>) the rule came from.</summary>
    public string SourceFile { get; }
    /// <summary>1-based line of the rule's document in <see cref="SourceFile"/>.</summary>
    public int Line { get; }

    /// <summary>The compiled detection: selections and condition.</summary>
    internal CompiledDetection Detection { get; }

    /// <summary>
    /// True when the event matches the rule's detection. Does not look at the logsource: that is the caller's (or
    /// <see cref="SigmaEngine"/>'s) job.
    /// </summary>
    public bool Matches(ISigmaEventFields fields) => Detection.Matches(fields);

    public override string ToString() => $"{Id} {Title}";
}

/// <summary>The descriptive part of a rule, read before its detection is compiled.</summary>
internal sealed record SigmaRuleMetadata(
    string Id,
    string Title,
    string? Status,
    string? Level,
    IReadOnlyList<string> Tags,
    string? Description,
    string? Author,
    IReadOnlyList<string> References,
    IReadOnlyList<string> Falsepositives,
    string SourceFile,
    int Line);

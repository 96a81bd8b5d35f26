namespace Recorder.Sigma.Detection;

/// <summary>A rule's detection compiled: the condition tree over its named selections.</summary>
internal sealed class CompiledDetection(ConditionNode root)
{
    public ConditionNode Root { get; } = root;

    public bool Matches(ISigmaEventFields fields) => Root.Evaluate(fields);
}

/// <summary>A node of a compiled condition: a selection, or and/or/not over nodes.</summary>
internal abstract class ConditionNode
{
    public abstract bool Evaluate(ISigmaEventFields fields);
}

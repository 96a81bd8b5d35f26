namespace Recorder.Sigma.Detection;

/// <summary>All children match (a selection map's fields; <c>and</c>; <c>all of</c>).</summary>
internal sealed class AndNode(ConditionNode[] children) : ConditionNode
{
    public ConditionNode[] Children { get; } = children;

    public override bool Evaluate(ISigmaEventFields fields)
    {
        foreach (var child in Children)
            if (!child.Evaluate(fields)) return false;
        return true;
    }
}

/// <summary>Any child matches (a list of maps; <c>or</c>; <c>1 of</c>).</summary>
internal sealed class OrNode(ConditionNode[] children) : ConditionNode
{
    public ConditionNode[] Children { get; } = children;

    public override bool Evaluate(ISigmaEventFields fields)
    {
        foreach (var child in Children)
            if (child.Evaluate(fields)) return true;
        return false;
    }
}

internal sealed class NotNode(ConditionNode child) : ConditionNode
{
    public ConditionNode Child { get; } = child;

    public override bool Evaluate(ISigmaEventFields fields) => !Child.Evaluate(fields);
}

/// <summary>A named selection of the detection, referenced from the condition.</summary>
internal sealed class SelectionNode(string name, ConditionNode body) : ConditionNode
{
    public string Name { get; } = name;
    public ConditionNode Body { get; } = body;

    public override bool Evaluate(ISigmaEventFields fields) => Body.Evaluate(fields);
}

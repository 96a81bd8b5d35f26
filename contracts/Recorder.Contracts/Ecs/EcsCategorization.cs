namespace Recorder.Contracts.Ecs;

/// <summary>The ECS categorization of one event type: <c>event.kind</c>, <c>event.category</c> and <c>event.type</c>.</summary>
/// <param name="EventType">The Recorder event type, such as <c>process.start</c>.</param>
/// <param name="Categories">Values of <c>event.category</c>, from the ECS allowed values.</param>
/// <param name="Types">Values of <c>event.type</c>, from the ECS allowed values.</param>
public sealed record EcsCategorization(string EventType, IReadOnlyList<string> Categories, IReadOnlyList<string> Types)
{
    /// <summary><c>event.kind</c>: every recorded event is an <c>event</c>.</summary>
    public string Kind => "event";
}

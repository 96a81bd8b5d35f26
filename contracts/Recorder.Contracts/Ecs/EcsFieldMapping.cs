namespace Recorder.Contracts.Ecs;

/// <summary>
/// How one Recorder field appears in an Elastic Common Schema document.
/// </summary>
/// <param name="Field">The Recorder field, such as <c>process.cmd</c>.</param>
/// <param name="EcsName">The ECS field, such as <c>process.command_line</c>; null when the field is Recorder's own
/// and has no ECS counterpart (exporters put it under <c>recorder.</c>, see <see cref="EcsMapping.RecorderOnlyPrefix"/>).</param>
/// <param name="EventType">Null for the default; an event type when the mapping applies to that type only and
/// overrides the default (the local end of an accepted connection is its destination).</param>
/// <param name="Note">What an exporter must know about the value, when it is not taken as is.</param>
public sealed record EcsFieldMapping(string Field, string? EcsName, string? EventType = null, string? Note = null)
{
    /// <summary>True when the field has no ECS counterpart.</summary>
    public bool IsRecorderOnly => EcsName is null;
}

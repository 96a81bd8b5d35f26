using Recorder.Contracts.Events;

namespace Recorder.Plugins.Signals.Mapping;

/// <summary>A pipeline event read by field name. Reused: <see cref="Reset"/> points it at the next event.</summary>
internal sealed class LiveEventFields : IEventFields
{
    private RecorderEvent _event = null!;

    /// <summary>Reads <paramref name="recorderEvent"/> from now on.</summary>
    public LiveEventFields Reset(RecorderEvent recorderEvent)
    {
        _event = recorderEvent;
        return this;
    }

    public RecorderEvent Event => _event;
    public string Type => _event.Type;
    public string? Collector => _event.Collector;
    public bool Failed => _event.Outcome == EventOutcome.Failure;

    public object? Get(string field) => _event.TryGetValue(field, out var value) ? value : null;

    public string? Tag(string name) => _event.HasTags && _event.Tags.TryGetValue(name, out var value) ? value : null;
}
